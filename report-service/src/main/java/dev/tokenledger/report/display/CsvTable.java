package dev.tokenledger.report.display;

import java.util.List;

/** A report that can also be written as CSV ({@code Accept: text/csv} or {@code format=csv}). */
public interface CsvTable {

    List<String> csvHeader();

    List<List<String>> csvRows();
}
