package io.onceonly.connector.file;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.util.ZipFileZipEntrySource;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.ss.usermodel.BuiltinFormats;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.SharedStrings;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;

/** Streams the rows of one sheet of an .xlsx workbook with POI's XSSFReader and a StAX pull parser over the sheet XML. */
final class XlsxRecordReader implements RecordFileReader {
    // Not XSSFSheetXMLHandler: it pushes cells as text already formatted for display ("3/5/24", "1,234.50"), while
    // the hub wants the typed value (a date, an exact number); and pulling fits next() without a second thread.

    private final OPCPackage pkg;
    private final InputStream sheetStream;
    private final XMLStreamReader xml;
    private final SharedStrings strings;
    private final StylesTable styles;
    private final boolean date1904;
    private final String fileName;
    private final String sheetName;
    private final boolean header;
    private final long maxRecordBytes;
    private final Map<Integer, Boolean> dateStyles = new HashMap<>();
    private List<String> names;
    private long lastRow;
    private long completeRow;

    private XlsxRecordReader(OPCPackage pkg, InputStream sheetStream, XMLStreamReader xml, SharedStrings strings,
                             StylesTable styles, boolean date1904, String fileName, String sheetName,
                             FileFormatOptions options) {
        this.pkg = pkg;
        this.sheetStream = sheetStream;
        this.xml = xml;
        this.strings = strings;
        this.styles = styles;
        this.date1904 = date1904;
        this.fileName = fileName;
        this.sheetName = sheetName;
        this.header = options.header();
        this.maxRecordBytes = options.maxRecordBytes();
    }

    static XlsxRecordReader open(Path file, FileFormatOptions options) throws UnreadableFileException {
        String fileName = String.valueOf(file.getFileName());
        if (!Files.isReadable(file)) {
            throw new UnreadableFileException("File does not exist or may not be read: '" + file + "'. It may have been "
                    + "moved after it was dropped, or the hub lacks permission to read it.");
        }
        if (isOle2(file)) {
            throw new UnreadableFileException("File is an old Excel .xls workbook, not .xlsx: '" + fileName + "'. Open it "
                    + "in Excel or WPS and save it as .xlsx.");
        }
        OPCPackage pkg;
        ZipSecureFile zip = null;
        try {
            // Through the zip's central directory only: given a path, POI falls back to reading a damaged zip as a
            // stream into memory, and a file cut short could then pass for a smaller one.
            zip = new ZipSecureFile(file.toFile());
            pkg = OPCPackage.open(new ZipFileZipEntrySource(zip));
        } catch (IOException | OpenXML4JException | RuntimeException e) {
            if (zip != null) {
                try {
                    zip.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw notXlsx(fileName, e);
        }
        InputStream sheetStream = null;
        try {
            XSSFReader reader = new XSSFReader(pkg);
            // Phonetic guides (furigana) are reading aids, not cell text.
            SharedStrings strings = new ReadOnlySharedStringsTable(pkg, false);
            StylesTable styles = reader.getStylesTable();
            boolean date1904 = date1904(reader);
            XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
            List<String> sheetNames = new ArrayList<>();
            String chosen = null;
            while (sheets.hasNext()) {
                InputStream s = sheets.next();
                String name = sheets.getSheetName();
                if (chosen == null && (options.sheet().isEmpty() || options.sheet().equals(name))) {
                    chosen = name;
                    sheetStream = s;
                } else {
                    s.close();
                }
                sheetNames.add(name);
            }
            if (chosen == null) {
                throw new UnreadableFileException("Workbook has no sheet named: '" + options.sheet() + "'. Its sheets are "
                        + sheetNames + "; set sheet to one of them, or leave it empty for the first (file '" + fileName
                        + "').");
            }
            XMLStreamReader xml = XMLHelper.newXMLInputFactory().createXMLStreamReader(sheetStream);
            XlsxRecordReader result = new XlsxRecordReader(pkg, sheetStream, xml, strings, styles, date1904, fileName,
                    chosen, options);
            result.readHeader();
            return result;
        } catch (UnreadableFileException e) {
            closeQuietly(sheetStream, pkg);
            throw e;
        } catch (IOException | OpenXML4JException | XMLStreamException | org.xml.sax.SAXException | RuntimeException e) {
            closeQuietly(sheetStream, pkg);
            throw notXlsx(fileName, e);
        }
    }

    @Override
    public FileRow next() throws UnreadableFileException {
        while (true) {
            Row row = readRow();
            if (row == null) {
                return null;
            }
            if (row.problem != null) {
                return FileRow.problem(row.number, row.problem);
            }
            if (row.cells.isEmpty()) {
                continue; // a row with only formatting, or emptied cells
            }
            if (names == null) {
                names = ColumnNames.lettered(row.cells.lastKey() + 1);
            }
            Map<String, Object> columns = new LinkedHashMap<>(names.size() * 2);
            for (String name : names) {
                columns.put(name, null);
            }
            long size = 0;
            for (Map.Entry<Integer, Object> cell : row.cells.entrySet()) {
                int column = cell.getKey();
                if (column >= names.size()) {
                    String ref = ColumnNames.letters(column) + row.number;
                    return FileRow.problem(row.number, header
                            ? "Cell " + ref + " has a value in a column without a header: '" + ColumnNames.letters(column)
                            + "'. Give the column a header, or delete the value."
                            : "Cell " + ref + " has a value right of the first row's last column: '"
                            + ColumnNames.letters(column) + "'. Start the sheet with a row as wide as the data.");
                }
                columns.put(names.get(column), cell.getValue());
                size += cell.getValue() instanceof String s ? RecordSize.utf8Bytes(s) : 8;
            }
            if (size > maxRecordBytes) {
                return FileRow.problem(row.number, "Row " + row.number + " is larger than the limit of " + maxRecordBytes
                        + " bytes: '" + size + "'. Split the row, or raise maxRecordBytes.");
            }
            return FileRow.of(row.number, Collections.unmodifiableMap(columns));
        }
    }

    @Override
    public String description() {
        return "Excel workbook, sheet '" + sheetName + "'" + (date1904 ? ", 1904 date system" : "");
    }

    @Override
    public void close() {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            // Only read from; nothing to lose.
        }
        closeQuietly(sheetStream, pkg);
    }

    private void readHeader() throws UnreadableFileException {
        if (!header) {
            return;
        }
        while (true) {
            Row row = readRow();
            if (row == null) {
                names = List.of(); // an empty sheet: no rows
                return;
            }
            if (row.problem != null) {
                throw new UnreadableFileException("Header row of sheet '" + sheetName + "' cannot be read. " + row.problem);
            }
            if (row.cells.isEmpty()) {
                continue;
            }
            List<String> raw = new ArrayList<>();
            for (int i = 0; i <= row.cells.lastKey(); i++) {
                Object v = row.cells.get(i);
                raw.add(v == null ? "" : v instanceof BigDecimal n ? n.toPlainString() : v.toString());
            }
            names = ColumnNames.fromHeader(raw, fileName);
            return;
        }
    }

    /** The next row element of the sheet with its non-empty cells by 0-based column; null after the last. */
    private Row readRow() throws UnreadableFileException {
        try {
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("sheetData")) {
                    return null;
                }
                if (event == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("row")) {
                    String r = xml.getAttributeValue(null, "r");
                    long number = r != null ? Long.parseLong(r.trim()) : lastRow + 1;
                    lastRow = number;
                    Row row = readCells(number);
                    completeRow = number;
                    return row;
                }
            }
            return null;
        } catch (XMLStreamException | RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new UnreadableFileException("Sheet '" + sheetName + "' of '" + fileName + "' breaks after row "
                    + completeRow + ": '" + root.getClass().getSimpleName() + "'. The rows before it were read; the file "
                    + "may be cut short or damaged: save it again in Excel or WPS and drop it again.", e);
        }
    }

    private Row readCells(long number) throws XMLStreamException {
        TreeMap<Integer, Object> cells = new TreeMap<>();
        String problem = null;
        int column = -1;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("row")) {
                break;
            }
            if (event == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("c")) {
                String ref = xml.getAttributeValue(null, "r");
                column = ref != null ? ColumnNames.indexOf(ref) : column + 1;
                Cell cell = readCell(ColumnNames.letters(column) + number);
                if (cell.problem != null && problem == null) {
                    problem = cell.problem;
                } else if (cell.value != null) {
                    cells.put(column, cell.value);
                }
            }
        }
        return new Row(number, cells, problem);
    }

    /** Reads one c element through its end; the parser stands on its start. */
    private Cell readCell(String ref) throws XMLStreamException {
        String type = xml.getAttributeValue(null, "t");
        String style = xml.getAttributeValue(null, "s");
        String v = null;
        String formula = null;
        StringBuilder inline = null;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("c")) {
                break;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            switch (xml.getLocalName()) {
                case "v" -> v = xml.getElementText();
                case "f" -> formula = xml.getElementText();
                case "is" -> inline = inlineText();
                default -> skipElement();
            }
        }
        if (v == null && inline == null) {
            return formula != null
                    ? Cell.problem("Cell " + ref + " has a formula with no saved result: '" + abbreviate(formula) + "'. "
                    + "Open the file in Excel or WPS so it calculates, save it, and drop it again.")
                    : Cell.EMPTY;
        }
        return switch (type == null ? "n" : type) {
            case "s" -> sharedString(ref, v);
            case "inlineStr" -> text(inline != null ? inline.toString() : v);
            case "str" -> text(v);
            case "b" -> switch (v.trim()) {
                case "1", "true" -> new Cell(Boolean.TRUE, null);
                case "0", "false" -> new Cell(Boolean.FALSE, null);
                default -> Cell.problem("Cell " + ref + " is a true/false cell that holds neither: '" + abbreviate(v)
                        + "'. Save the file again in Excel or WPS.");
            };
            case "e" -> Cell.problem("Cell " + ref + " holds an Excel error: '" + abbreviate(v) + "'. Fix the formula "
                    + "or the value in the sheet.");
            case "d" -> isoDate(ref, v);
            default -> number(ref, v, style);
        };
    }

    private Cell sharedString(String ref, String index) {
        try {
            return text(strings.getItemAt(Integer.parseInt(index.trim())).getString());
        } catch (RuntimeException e) {
            return Cell.problem("Cell " + ref + " points to text the workbook does not hold: '" + abbreviate(index)
                    + "'. The file is damaged: save it again in Excel or WPS.");
        }
    }

    private Cell number(String ref, String text, String style) {
        if (text.isBlank()) {
            return Cell.EMPTY;
        }
        BigDecimal n;
        try {
            n = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return Cell.problem("Cell " + ref + " is a number cell that holds no number: '" + abbreviate(text)
                    + "'. Save the file again in Excel or WPS.");
        }
        if (isDateStyle(style)) {
            double serial = n.doubleValue();
            if (DateUtil.isValidExcelDate(serial)) {
                LocalDateTime t = DateUtil.getLocalDateTime(serial, date1904, true);
                if (serial < 1) {
                    return new Cell(t.toLocalTime(), null); // a time of day: day 0 is no real date
                }
                return new Cell(t.toLocalTime().equals(LocalTime.MIDNIGHT) ? t.toLocalDate() : t, null);
            }
        }
        BigDecimal plain = n.stripTrailingZeros(); // Excel holds doubles: 42.0 and 42 are one value
        return new Cell(plain.scale() < 0 ? plain.setScale(0) : plain, null);
    }

    private Cell isoDate(String ref, String text) {
        String t = text.trim();
        try {
            return new Cell(t.contains("T") ? LocalDateTime.parse(t) : LocalDate.parse(t), null);
        } catch (DateTimeParseException e) {
            return Cell.problem("Cell " + ref + " is a date cell that holds no ISO date: '" + abbreviate(t)
                    + "'. Save the file again in Excel or WPS.");
        }
    }

    private boolean isDateStyle(String style) {
        if (styles == null) {
            return false;
        }
        int index = style == null ? 0 : Integer.parseInt(style.trim());
        return dateStyles.computeIfAbsent(index, i -> {
            XSSFCellStyle cellStyle = i < styles.getNumCellStyles() ? styles.getStyleAt(i) : null;
            if (cellStyle == null) {
                return false;
            }
            short format = cellStyle.getDataFormat();
            String pattern = cellStyle.getDataFormatString();
            return DateUtil.isADateFormat(format, pattern != null ? pattern : BuiltinFormats.getBuiltinFormat(format));
        });
    }

    private StringBuilder inlineText() throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("is")) {
                break;
            }
            if (event == XMLStreamConstants.START_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "t" -> text.append(xml.getElementText());
                    case "r" -> { } // a run of rich text: its t comes next
                    default -> skipElement(); // phonetic guides, run properties
                }
            }
        }
        return text;
    }

    private void skipElement() throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private static Cell text(String s) {
        return s == null || s.isEmpty() ? Cell.EMPTY : new Cell(s, null);
    }

    /** Whether the workbook counts days from 1904 (old Mac Excel) rather than 1900. */
    private static boolean date1904(XSSFReader reader) throws IOException, OpenXML4JException, XMLStreamException {
        try (InputStream workbook = reader.getWorkbookData()) {
            XMLStreamReader wb = XMLHelper.newXMLInputFactory().createXMLStreamReader(workbook);
            try {
                while (wb.hasNext()) {
                    if (wb.next() == XMLStreamConstants.START_ELEMENT) {
                        String name = wb.getLocalName();
                        if (name.equals("workbookPr")) {
                            String v = wb.getAttributeValue(null, "date1904");
                            return "1".equals(v) || "true".equals(v);
                        }
                        if (name.equals("sheets")) {
                            return false; // workbookPr comes before the sheets when present
                        }
                    }
                }
                return false;
            } finally {
                wb.close();
            }
        }
    }

    private static boolean isOle2(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return FileMagic.valueOf(in.readNBytes(8)) == FileMagic.OLE2;
        } catch (IOException e) {
            return false; // opening it as a zip will say what is wrong
        }
    }

    private static UnreadableFileException notXlsx(String fileName, Exception e) {
        return new UnreadableFileException("File is not a valid .xlsx (zip) file: '" + fileName + "'. It may be cut short, "
                + "damaged, or another format renamed to .xlsx; save it again from Excel or WPS as .xlsx ("
                + e.getClass().getSimpleName() + ").", e);
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() <= 40 ? t : t.substring(0, 37) + "...";
    }

    private static void closeQuietly(InputStream stream, OPCPackage pkg) {
        try {
            if (stream != null) {
                stream.close();
            }
        } catch (IOException e) {
            // Only read from; nothing to lose.
        }
        // revert(), not close(): close() would try to save a package opened for reading.
        pkg.revert();
    }

    private record Row(long number, TreeMap<Integer, Object> cells, String problem) {
    }

    private record Cell(Object value, String problem) {
        static final Cell EMPTY = new Cell(null, null);

        static Cell problem(String problem) {
            return new Cell(null, problem);
        }
    }
}
