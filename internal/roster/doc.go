// Package roster turns a school's own spreadsheet of students (花名册) or
// staff (教职工名单) into clean, validated records, and says exactly what it
// could not read and what it rewrote. Schools do not retype their sheets
// into our template: a sheet has a merged title above the header, columns
// in its own order under its own names, extra columns, a footer, and
// values written a dozen ways. This package finds the table in such a
// sheet and reads it; storing the records is the import pipeline's job.
//
// The package is pure: no SQL, no HTTP, no clock, no temporary files. The
// same file gives the same result.
//
// # The flow
//
//	sheets, err := roster.Read(upload, filename, roster.DefaultLimits()) // *FileError: show Message
//	table, err := roster.Locate(sheets, roster.Students)                 // *FileError: show Message
//	table.Apply(storedMapping)  // optional: the school's mapping from last time (*MappingError)
//	res := roster.ParseStudents(table, classes) // or ParseStaff
//	// preview: table.Columns (with a drop-down per column over Fields(kind)),
//	// table.Notes, MissingMessage(kind, res.Missing), res.Errors, res.Changes,
//	// res.Records.
//	// After the user edits the drop-downs: table.Apply(edited), parse again.
//	// On confirm: store table.Mapping() for the school, write res.Records.
//
// Read tells the format by the content: .xlsx (with excelize), CSV or
// tab-separated text in UTF-8, UTF-16 or GB18030/GBK. It refuses, with a
// *FileError whose Message is Chinese and tells the user what to do, an old
// .xls, an encrypted workbook, a PDF, an image, an HTML or XML "xls"
// export, a broken or truncated zip, a zip bomb, a file over Limits, and a
// file with nothing in it. Cells come back as written (a CSV cell ="0851…",
// the way exports keep a number as text, is read as its text).
//
// Locate finds the sheet and the header row that name the most fields,
// skipping instruction sheets, titles and blank rows, maps each column to a
// Field (Column.Guessed) and collects the data rows up to the footer
// (填表人, 审核人, 合计 …). Table.Mapping and Table.Apply read and set the
// mapping by header text, so that a school's mapping can be stored as JSON
// and applied to its next file; Table.Missing names the required fields
// without a column.
//
// ParseStudents and ParseStaff normalise every value, match classes to the
// school's classes, and return the rows without error as records, every
// problem as a RowError (row number, column header as in the file, Chinese
// message), and every rewrite as a Change with a count and the first rows
// ("班级写法：三(2)班 → 三年级(2)班 ×31"). A value that cannot be read is an
// error, never a guess.
//
// # Decisions the pipeline must know
//
//   - A row with any error has no record. Whether to import the good rows
//     and skip the bad ones, or nothing until the file is fixed, is the
//     pipeline's choice; all or nothing is the safer one.
//   - When a required field has no column, Parse* returns only Missing: the
//     user must map a column (or, for a guardian's name, ignore the phone
//     or relation column) before anything is parsed.
//   - Merged cells: a merged title or group header is read as a header; a
//     merged cell in the data repeats its value in every row it spans (a
//     class merged over its students), and a Note lists each such range; a
//     row covered by one merge across most of the table (a group title such
//     as "一年级(1)班") is skipped with a Note.
//   - Formulas: a formula's saved value is read. A formula saved without a
//     value (written by a program, never opened in Excel) in a read column
//     is a row error "单元格含公式，请粘贴为数值"; a formula error value
//     (#REF!, #N/A …) is a row error too.
//   - Dates: a number in a date column of an .xlsx is a date cell's serial
//     day number, read only between 1950 and 2099 (1904 epoch honoured); in
//     a CSV it is an error. 3/5/2016 and 16.3.5 are errors: they read two ways.
//   - The 学籍号 "G" + identity number gives gender and birth date when
//     their cells are empty (a Change says so) and makes a row error when
//     they disagree; a 身份证号 column, when present, is used instead. A
//     学籍号 or 身份证号 repeated in the file is an error on both rows.
//   - Yes/no: 是/否, √/×, 1/0, Y/N, 有/无, TRUE/FALSE; an empty cell is 否.
//   - Guardians: at most two. One without a relation takes it from the
//     header (父亲姓名 → 父亲) or is recorded as "监护人", with a Change; one
//     with a phone or relation but no name is a row error.
//   - Phones: one number per cell; a mobile is its 11 digits, a landline
//     "0851-1234567".
//   - Staff: a person may take several rows (one per class, say); rows with
//     the same phone and name are the same person, for the pipeline to
//     merge. One phone with two names, or one username (any case) on two
//     people, is an error on both rows. 任教班级 lists the classes a 班主任
//     leads and where Subjects are taught.
//   - StudentRecord.IDNumber is read and checked, but the students table has
//     no column for it: store it only with a purpose (docs/security.md R13, R16).
//   - Personal information: Sheet.Rows, Table.Rows, records, RowError and
//     Change messages, and Table.Notes quote cells. Never log them or put
//     them in a URL (docs/domain.md, docs/security.md R11). FileError.Message and
//     MappingError.Message quote no cell.
//   - Limits: DefaultLimits is 10 MiB uploaded, 64 MiB unzipped, 100,000
//     rows, 200 columns, and a sheet ends after 1,000 blank rows in a row.
//     Read holds the file, its unzipped parts and the cells in memory (a
//     few hundred MB for the largest accepted workbook): run imports one or
//     two at a time, not one per request. A 60,000-row workbook takes
//     about 3 s of CPU to read (mostly excelize's XML decoding) and 0.35 s
//     to parse; see the benchmarks.
//   - Locate reads one sheet. A workbook with one sheet per class needs one
//     import per sheet (call Locate on each sheet alone).
package roster
