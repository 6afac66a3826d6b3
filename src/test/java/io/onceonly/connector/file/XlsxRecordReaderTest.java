package io.onceonly.connector.file;

import static io.onceonly.connector.file.FileRows.readAll;
import static io.onceonly.connector.file.FileRows.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XlsxRecordReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsDatesNumbersTextBooleansEmptyCellsAndFormulaResultsAsTypedValues() throws Exception {
        Path file = dir.resolve("活动.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Sheet sheet = wb.createSheet("活动");
            CellStyle date = style(wb, "yyyy-mm-dd");
            CellStyle chineseDate = style(wb, "yyyy年m月d日");
            CellStyle builtinDate = style(wb, "m/d/yy");
            CellStyle dateTime = style(wb, "yyyy-mm-dd hh:mm");
            CellStyle time = style(wb, "h:mm");
            CellStyle money = style(wb, "#,##0.00");
            header(sheet, "名称", "日期", "开始", "时间", "金额", "人数", "免费", "备注", "合计");
            Row r2 = sheet.createRow(1);
            r2.createCell(0).setCellValue("社区书法展");
            r2.createCell(1).setCellValue(LocalDate.of(2024, 3, 5));
            r2.getCell(1).setCellStyle(date);
            r2.createCell(2).setCellValue(LocalDateTime.of(2024, 3, 5, 9, 15));
            r2.getCell(2).setCellStyle(dateTime);
            r2.createCell(3).setCellValue(8.5 / 24);
            r2.getCell(3).setCellStyle(time);
            r2.createCell(4).setCellValue(1234.5);
            r2.getCell(4).setCellStyle(money);
            r2.createCell(5).setCellValue(42);
            r2.createCell(6).setCellValue(true);
            r2.createCell(7).setCellStyle(money); // formatted but empty
            r2.createCell(8).setCellFormula("E2*2");
            Row r3 = sheet.createRow(2);
            r3.createCell(0).setCellValue("  广场舞 ");
            r3.createCell(1).setCellValue(LocalDate.of(2024, 12, 31));
            r3.getCell(1).setCellStyle(chineseDate);
            r3.createCell(2).setCellValue(LocalDate.of(2000, 2, 29));
            r3.getCell(2).setCellStyle(builtinDate);
            r3.createCell(4).setCellValue(0.1);
            r3.createCell(5).setCellValue(1e10);
            r3.createCell(6).setCellValue(false);
            r3.createCell(7).setCellValue("");
            r3.createCell(8).setCellFormula("A3&\"!\"");
            sheet.createRow(4).createCell(1).setCellStyle(date); // formatting only: no row
            Row r6 = sheet.createRow(5);
            r6.createCell(0).setCellValue("最后");
            wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
            save(wb, file);
        }

        List<FileRow> rows;
        try (RecordFileReader reader = RecordFiles.open(file, FileFormatOptions.defaults())) {
            assertThat(reader.description()).isEqualTo("Excel workbook, sheet '活动'");
            rows = readAll(reader);
        }

        assertThat(rows).extracting(FileRow::position).containsExactly(2L, 3L, 6L);
        Map<String, Object> first = rows.get(0).columns();
        assertThat(first.keySet()).containsExactly("名称", "日期", "开始", "时间", "金额", "人数", "免费", "备注", "合计");
        assertThat(first).containsEntry("名称", "社区书法展")
                .containsEntry("日期", LocalDate.of(2024, 3, 5))
                .containsEntry("开始", LocalDateTime.of(2024, 3, 5, 9, 15))
                .containsEntry("时间", LocalTime.of(8, 30))
                .containsEntry("金额", new BigDecimal("1234.5"))
                .containsEntry("人数", new BigDecimal("42"))
                .containsEntry("免费", true)
                .containsEntry("备注", null)
                .containsEntry("合计", new BigDecimal("2469"));
        assertThat(((BigDecimal) first.get("人数")).toPlainString()).isEqualTo("42");
        Map<String, Object> second = rows.get(1).columns();
        assertThat(second).containsEntry("名称", "  广场舞 ")
                .containsEntry("日期", LocalDate.of(2024, 12, 31))
                .containsEntry("开始", LocalDate.of(2000, 2, 29))
                .containsEntry("时间", null)
                .containsEntry("金额", new BigDecimal("0.1"))
                .containsEntry("免费", false)
                .containsEntry("备注", null)
                .containsEntry("合计", "  广场舞 !");
        assertThat(((BigDecimal) second.get("人数")).toPlainString()).isEqualTo("10000000000");
        assertThat(rows.get(2).columns()).containsEntry("名称", "最后").containsEntry("合计", null);
    }

    @Test
    void readsTheSheetNamedAndRefusesANameTheWorkbookLacks() throws Exception {
        Path file = dir.resolve("two.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            header(wb.createSheet("说明"), "read me first");
            Sheet data = wb.createSheet("数据");
            header(data, "id");
            data.createRow(1).createCell(0).setCellValue("a1");
            save(wb, file);
        }

        assertThat(readAll(file, Map.of("sheet", "数据"))).extracting(FileRow::columns).containsExactly(Map.of("id", "a1"));
        assertThat(readAll(file, Map.of())).isEmpty();
        assertThatThrownBy(() -> readAll(file, Map.of("sheet", "Sheet1")))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessage("Workbook has no sheet named: 'Sheet1'. Its sheets are [说明, 数据]; set sheet to one of them, "
                        + "or leave it empty for the first (file 'two.xlsx').");
    }

    @Test
    void streamsAWorkbookWrittenWithInlineStringsRowByRow() throws Exception {
        Path file = dir.resolve("big.xlsx");
        try (SXSSFWorkbook wb = new SXSSFWorkbook(100)) {
            Sheet sheet = wb.createSheet("data");
            header(sheet, "n", "name");
            for (int i = 1; i <= 5000; i++) {
                Row row = sheet.createRow(i);
                row.createCell(0).setCellValue(i);
                row.createCell(1).setCellValue("居民" + i);
            }
            save(wb, file);
        }

        List<FileRow> rows = readAll(file, Map.of());

        assertThat(rows).hasSize(5000).allMatch(FileRow::ok);
        assertThat(rows.get(4999).columns()).isEqualTo(Map.of("n", new BigDecimal("5000"), "name", "居民5000"));
        assertThat(rows.get(4999).position()).isEqualTo(5001);
    }

    @Test
    void excelErrorsFormulasWithoutResultsAndValuesWithoutAHeaderAreProblemRows() throws Exception {
        Path file = dir.resolve("errors.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Sheet sheet = wb.createSheet("s");
            header(sheet, "a", "b");
            sheet.createRow(1).createCell(0).setCellFormula("1/0");
            wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
            sheet.createRow(2).createCell(1).setCellFormula("A1&A2"); // never calculated
            Row wide = sheet.createRow(3);
            wide.createCell(0).setCellValue("ok");
            wide.createCell(3).setCellValue("stray");
            sheet.createRow(4).createCell(0).setCellValue("fine");
            save(wb, file);
        }

        List<FileRow> rows = readAll(file, Map.of());

        assertThat(rows).extracting(FileRow::problem).containsExactly(
                "Cell A2 holds an Excel error: '#DIV/0!'. Fix the formula or the value in the sheet.",
                "Cell B3 has a formula with no saved result: 'A1&A2'. Open the file in Excel or WPS so it calculates, "
                        + "save it, and drop it again.",
                "Cell D4 has a value in a column without a header: 'D'. Give the column a header, or delete the value.",
                null);
        assertThat(rows.get(3).columns()).containsEntry("a", "fine");
    }

    @Test
    void withoutHeaderColumnsAreNamedByTheirLetters() throws Exception {
        Path file = dir.resolve("nohead.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Row row = wb.createSheet("s").createRow(0);
            row.createCell(0).setCellValue("x");
            row.createCell(2).setCellValue(3);
            save(wb, file);
        }

        Map<String, Object> expected = new HashMap<>();
        expected.put("A", "x");
        expected.put("B", null);
        expected.put("C", new BigDecimal("3"));
        assertThat(readAll(file, Map.of("header", "false"))).extracting(FileRow::columns).containsExactly(expected);
    }

    @Test
    void datesOfA1904WorkbookAreReadInItsOwnCalendar() throws Exception {
        Path file = dir.resolve("mac.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            wb.getCTWorkbook().getWorkbookPr().setDate1904(true);
            Sheet sheet = wb.createSheet("s");
            header(sheet, "day");
            sheet.createRow(1).createCell(0).setCellValue(LocalDate.of(2024, 3, 5));
            sheet.getRow(1).getCell(0).setCellStyle(style(wb, "yyyy-mm-dd"));
            save(wb, file);
        }

        try (RecordFileReader reader = RecordFiles.open(file, FileFormatOptions.defaults())) {
            assertThat(reader.description()).endsWith("1904 date system");
            assertThat(readAll(reader).get(0).columns()).isEqualTo(Map.of("day", LocalDate.of(2024, 3, 5)));
        }
    }

    @Test
    void aWorkbookCutShortIsNotAValidXlsx() throws Exception {
        Path whole = dir.resolve("whole.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Sheet sheet = wb.createSheet("s");
            header(sheet, "n");
            for (int i = 1; i < 2000; i++) {
                sheet.createRow(i).createCell(0).setCellValue("row " + i);
            }
            save(wb, whole);
        }
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = write(dir, "cut.xlsx", Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> readAll(cut, Map.of()))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessageStartingWith("File is not a valid .xlsx (zip) file: 'cut.xlsx'.");
    }

    @Test
    void aSheetDamagedInTheMiddleGivesTheRowsBeforeItThenIsUnreadable() throws Exception {
        Path whole = dir.resolve("whole.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Sheet sheet = wb.createSheet("s");
            header(sheet, "n");
            for (int i = 1; i < 20_000; i++) {
                sheet.createRow(i).createCell(0).setCellValue(i * 7919 % 100_003);
            }
            save(wb, whole);
        }
        byte[] bytes = Files.readAllBytes(whole);
        int sheetEntry = indexOf(bytes, "xl/worksheets/sheet1.xml".getBytes(), 0);
        int middle = sheetEntry + 30_000;
        assertThat(indexOf(bytes, "xl/worksheets/sheet1.xml".getBytes(), sheetEntry + 1)).as("central directory after it")
                .isGreaterThan(middle + 1000);
        Arrays.fill(bytes, middle, middle + 1000, (byte) 0x55);
        Path damaged = write(dir, "damaged.xlsx", bytes);

        try (RecordFileReader reader = RecordFiles.open(damaged, FileFormatOptions.defaults())) {
            long good = 0;
            try {
                while (reader.next() != null) {
                    good++;
                }
            } catch (UnreadableFileException e) {
                assertThat(e).hasMessageStartingWith("Sheet 's' of 'damaged.xlsx' breaks after row " + (good + 1) + ": '");
            }
            assertThat(good).isBetween(1L, 19_998L);
        }
    }

    private static int indexOf(byte[] bytes, byte[] part, int from) {
        outer:
        for (int i = from; i <= bytes.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void otherFilesNamedXlsxAreRefusedWithTheFix() throws Exception {
        Path text = write(dir, "text.xlsx", "name,phone\n".getBytes());
        Path xls = write(dir, "old.xlsx", new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1,
                (byte) 0xB1, 0x1A, (byte) 0xE1, 0, 0, 0, 0, 0, 0, 0, 0});

        assertThatThrownBy(() -> readAll(text, Map.of())).isInstanceOf(UnreadableFileException.class)
                .hasMessageStartingWith("File is not a valid .xlsx (zip) file: 'text.xlsx'.");
        assertThatThrownBy(() -> readAll(xls, Map.of())).isInstanceOf(UnreadableFileException.class)
                .hasMessageStartingWith("File is an old Excel .xls workbook, not .xlsx: 'old.xlsx'.");
    }

    private static CellStyle style(Workbook wb, String format) {
        CellStyle style = wb.createCellStyle();
        style.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat(format));
        return style;
    }

    private static void header(Sheet sheet, String... names) {
        Row row = sheet.createRow(0);
        for (int i = 0; i < names.length; i++) {
            row.createCell(i).setCellValue(names[i]);
        }
    }

    private static void save(Workbook wb, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            wb.write(out);
        }
    }
}
