package demo

// The word lists the generator draws from. Order matters: the generator
// indexes into these slices, so reordering them changes every seeded name.

// surnames are the common surnames with weights roughly proportional to
// their share of the population (per ten thousand, after the 2020 census
// rankings), so that 王, 李 and 张 come up about as often as in a real class.
var surnames = []struct {
	name   string
	weight int
}{
	{"王", 710}, {"李", 700}, {"张", 670}, {"刘", 540}, {"陈", 450}, {"杨", 310}, {"黄", 220}, {"赵", 200},
	{"吴", 180}, {"周", 170}, {"徐", 130}, {"孙", 130}, {"马", 110}, {"朱", 110}, {"胡", 100}, {"郭", 100},
	{"何", 90}, {"高", 90}, {"林", 90}, {"罗", 90}, {"郑", 80}, {"梁", 80}, {"谢", 60}, {"宋", 60},
	{"唐", 60}, {"许", 50}, {"韩", 50}, {"冯", 50}, {"邓", 50}, {"曹", 50}, {"彭", 50}, {"曾", 50},
	{"肖", 40}, {"田", 40}, {"董", 40}, {"袁", 40}, {"潘", 40}, {"于", 40}, {"蒋", 40}, {"蔡", 40},
	{"余", 40}, {"杜", 40}, {"叶", 40}, {"程", 30}, {"苏", 30}, {"魏", 30}, {"吕", 30}, {"丁", 30},
	{"任", 30}, {"沈", 30}, {"姚", 30}, {"卢", 30}, {"姜", 30}, {"崔", 20}, {"钟", 20}, {"谭", 20},
	{"陆", 20}, {"汪", 20}, {"范", 20}, {"金", 20}, {"石", 20}, {"廖", 20}, {"贾", 20}, {"夏", 20},
	{"韦", 20}, {"付", 20}, {"方", 20}, {"白", 20}, {"邹", 20}, {"孟", 20}, {"熊", 20}, {"秦", 20},
	{"邱", 20}, {"江", 20}, {"尹", 20}, {"薛", 20}, {"闫", 20}, {"段", 20}, {"雷", 20}, {"侯", 15},
	{"龙", 15}, {"史", 15}, {"陶", 15}, {"黎", 15}, {"贺", 15}, {"顾", 15}, {"毛", 15}, {"郝", 15},
	{"龚", 15}, {"邵", 15}, {"万", 15}, {"钱", 15}, {"严", 15}, {"覃", 15}, {"武", 15}, {"戴", 15},
	{"莫", 15}, {"孔", 10}, {"向", 10}, {"汤", 10},
}

// Given-name characters of children born 2010–2020.
var (
	boyChars  = []rune("浩宇轩子梓睿俊博皓涵泽铭晨辰阳杰文一鑫嘉航天佑锦逸然瑞明奕毅旭恒宸霖昊煜凯鹏豪宏鸿诚哲翔思远志伟晟彬楷")
	girlChars = []rune("欣怡梓涵诗雨萱可馨琪佳思语彤悦晨妍依若曦一梦雅婷静紫心乐芸瑶菲灵露诺晴沐安欢媛钰琳颖洁蕊")
	// Full given names that were popular; drawn now and then so that a
	// class has its 子涵 and its 浩然, as real classes do.
	boyNames  = []string{"浩然", "宇轩", "子轩", "浩宇", "梓豪", "俊杰", "一鸣", "子墨", "宇航", "皓轩", "博文", "思远", "梓睿", "明轩", "嘉豪"}
	girlNames = []string{"梓涵", "欣怡", "子涵", "一诺", "雨桐", "诗涵", "梓萱", "可馨", "语嫣", "思琪", "佳怡", "雨萱", "若曦", "紫涵", "梦瑶"}
)

// Given-name characters of adults born 1970–1995 (parents, teachers).
var (
	manChars   = []rune("伟军勇强磊涛斌刚明超辉鹏杰平林波华峰建国志海东文俊飞亮兵成龙云春新洪江永德庆中胜学")
	womanChars = []rune("丽芳娟敏静燕艳霞玲英梅红萍琴慧丹莉娜倩洁雪琳婷兰秀凤翠莲群佳珍玉春桂芬")
)

// Full given names of grandparents, born in the 1950s and 1960s.
var (
	oldManNames   = []string{"建国", "国强", "德明", "志华", "长顺", "永福", "正发", "文忠", "光明", "明德", "德才", "开富", "世荣", "绍华", "朝贵", "应才", "正清", "光荣", "国富", "永贵"}
	oldWomanNames = []string{"秀英", "桂兰", "玉兰", "桂英", "秀兰", "玉珍", "淑珍", "凤英", "秀珍", "桂芳", "玉梅", "翠花", "凤兰", "秀芳", "兰英", "秀芬", "桂珍", "素芬", "玉芬", "金凤"}
)

// township is a 乡镇 of the county. Only 城关镇, the county seat, is urban.
type township struct {
	name  string
	rural bool
}

// townships of the invented county; the first is the county seat.
var townships = []township{
	{"城关镇", false}, {"龙泉镇", true}, {"石桥镇", true}, {"白沙乡", true},
	{"新民镇", true}, {"青山乡", true}, {"河西镇", true}, {"马场乡", true},
}

// Residential communities (社区) of the county seat and its streets.
var (
	communities = []string{"城东社区", "城西社区", "南门社区", "北街社区", "滨河社区", "新城社区", "文化社区", "东风社区"}
	streets     = []string{"人民路", "解放路", "建设路", "中山路", "文化路", "滨河路", "新华街", "兴业路"}
)

// villages holds eight administrative villages for each rural township, in
// the order of townships[1:].
var villages = []string{
	"东风村", "新华村", "李家寨", "红旗村", "和平村", "团结村", "大坪村", "小河村",
	"杨柳村", "坪上村", "石板村", "水井村", "花园村", "光明村", "新寨村", "高峰村",
	"岩脚村", "桃园村", "双河村", "中寨村", "田坝村", "龙潭村", "凉水村", "马家寨",
	"王家坝", "白岩村", "青杠村", "大寨村", "木林村", "沙坝村", "长田村", "金竹村",
	"三合村", "新联村", "胜利村", "平桥村", "黄泥村", "竹林村", "柏杨村", "五星村",
	"陈家湾", "松林村", "关口村", "河坝村", "新店村", "合心村", "丰收村", "前进村",
	"上坝村", "下寨村", "张家湾", "鱼塘村", "茶园村", "梨树村", "安乐村", "兴隆村",
}

const villagesPerTownship = 8

// neighbourRegions are region codes of neighbouring counties: the identity
// numbers of some migrant workers' children were issued where their parents'
// household is registered, not here.
var neighbourRegions = []string{"522322", "522323", "522324", "522325", "522326", "522327", "522328"}

// mobilePrefixes are the first three digits of mainland mobile numbers in
// real use (China Mobile, Unicom, Telecom).
var mobilePrefixes = []string{
	"130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
	"150", "151", "152", "153", "155", "156", "157", "158", "159",
	"173", "175", "176", "177", "178",
	"180", "181", "182", "183", "184", "185", "186", "187", "188", "189",
	"191", "193", "198", "199",
}

// subjects are the subjects a subject teacher may teach in the demo.
var subjects = []string{"语文", "数学", "英语", "科学", "道德与法治", "体育", "音乐", "美术"}

// gradeNames are the names of grades 1–9.
var gradeNames = []string{"一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "七年级", "八年级", "九年级"}

// cnDigits spell the numbers in school names (第二中学, 第十一小学).
var cnDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// cnNumber writes 1–99 in Chinese numerals as school names use them.
func cnNumber(n int) string {
	switch {
	case n < 10:
		return cnDigits[n]
	case n < 20:
		if n == 10 {
			return "十"
		}
		return "十" + cnDigits[n-10]
	default:
		s := cnDigits[n/10] + "十"
		if n%10 != 0 {
			s += cnDigits[n%10]
		}
		return s
	}
}
