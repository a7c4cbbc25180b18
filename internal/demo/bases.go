package demo

import (
	"context"
	"time"

	"xietong/internal/calendar"
	"xietong/internal/store"
)

// demoBase is one practice base of the demo county's registry: fixed data,
// so that the plan's random draws are untouched.
type demoBase struct {
	name, kind, township, address, contact, phone string
	capacity                                      int // 0: not stated
	safety                                        string
	from, to                                      time.Time // zero: open-ended
}

// demoBases are the county's practice bases (社会实践基地): the plan's two
// red-education bases, 王海平故居 and 卡法红色教育基地, among a dozen.
var demoBases = []demoBase{
	{"王海平故居", "red", "龙泉镇", "龙泉镇王家寨村", "王德明", "13885401126", 120,
		"故居为木结构老屋，室内严禁烟火；参观分批进入，每批不超过 40 人。", calendar.D(2025, 9, 1), calendar.D(2028, 8, 31)},
	{"卡法红色教育基地", "red", "石桥镇", "石桥镇卡法村红军路 1 号", "杨光荣", "13985412273", 300,
		"山路较窄，车辆须在村口停放，步行约 500 米；雨天注意防滑。", calendar.D(2026, 3, 1), calendar.D(2029, 2, 28)},
	{"县革命烈士陵园", "red", "城关镇", "城关镇烈士陵园路 8 号", "张卫东", "0851-8612345", 500,
		"祭扫时保持肃静，不得攀爬纪念碑；台阶较多，注意秩序。", calendar.D(2024, 9, 1), time.Time{}},
	{"县青少年劳动实践基地", "labour", "新民镇", "新民镇新民村三组", "李桂芬", "13608510388", 200,
		"使用农具前由基地老师讲解示范；学生须穿长裤和运动鞋。", calendar.D(2026, 9, 1), calendar.D(2027, 8, 31)},
	{"白沙乡茶叶种植园", "labour", "白沙乡", "白沙乡茶山村", "吴德华", "13765432109", 80,
		"茶园坡陡，采茶区域设防护栏，学生不得离开带队老师视线。", calendar.D(2025, 3, 1), calendar.D(2026, 12, 31)},
	{"龙泉镇现代农业示范园", "labour", "龙泉镇", "龙泉镇坝子村", "罗建平", "18985106623", 150,
		"大棚内温度较高，每批停留不超过 30 分钟，注意补水。", time.Time{}, time.Time{}},
	{"县科技馆", "science", "城关镇", "城关镇文化路 66 号", "陈晓东", "0851-8623456", 400,
		"展品须按讲解员指引操作；高压电展区由工作人员演示。", calendar.D(2026, 1, 1), calendar.D(2028, 12, 31)},
	{"青山乡气象观测站", "science", "青山乡", "青山乡青山村气象路", "赵永红", "13595123478", 40,
		"观测场内仪器禁止触摸；雷雨天气暂停接待。", calendar.D(2026, 9, 1), calendar.D(2027, 7, 15)},
	{"县人民法院法治教育基地", "law", "城关镇", "城关镇人民路 120 号", "刘志刚", "0851-8634567", 100,
		"进入法院须接受安检，不得携带刀具、打火机等物品。", calendar.D(2025, 9, 1), calendar.D(2027, 8, 31)},
	{"县禁毒教育基地", "law", "城关镇", "城关镇滨河路 18 号", "黄丽萍", "13308512210", 120,
		"", calendar.D(2026, 2, 1), calendar.D(2029, 1, 31)},
	{"马场乡非遗传习所", "culture", "马场乡", "马场乡马场村文化广场旁", "杨秀英", "13885420097", 60,
		"蜡染、刺绣体验使用针具和蜡刀，须在传承人指导下进行。", calendar.D(2026, 3, 1), calendar.D(2027, 2, 28)},
	{"河西镇古驿道文化园", "culture", "河西镇", "河西镇老街", "周文斌", "15985107741", 0,
		"古驿道石阶湿滑，雨天不组织登行。", time.Time{}, time.Time{}},
}

// writeBases adds the registry's bases, kept by the bureau staff account
// by, and returns their ids by name.
func (w *writer) writeBases(ctx context.Context, by int64) (map[string]int64, error) {
	ids := make(map[string]int64, len(demoBases))
	for _, b := range demoBases {
		nb := store.NewBase{CountyID: w.countyID, CreatedBy: by, Status: store.BaseActive, BaseFields: store.BaseFields{
			Name: b.name, Kind: b.kind, Township: b.township, Address: b.address, ContactName: b.contact,
			ContactPhone: b.phone, SafetyNotes: b.safety, AgreementFrom: b.from, AgreementTo: b.to,
		}}
		if b.capacity > 0 {
			c := b.capacity
			nb.Capacity = &c
		}
		id, err := w.tx.CreateBase(ctx, nb)
		if err != nil {
			return nil, err
		}
		ids[b.name] = id
	}
	return ids, nil
}
