using System.Globalization;
using CsvHelper;

namespace Backprop.Grading.Reports;

/// <summary>
/// The one CSV writer of the grader (gradebook.csv, items.csv, similarity.csv), on CsvHelper: RFC 4180 quoting, and
/// every text cell that a spreadsheet would run as a formula (starting with = + - @, tab or CR, as OWASP lists) escaped
/// with a leading ' so it shows as text. Submission names, problems and answer cells are the student's text, so no
/// cell is trusted. Numbers are written as numbers.
/// </summary>
public static class SpreadsheetCsv
{
    private static readonly CsvWriterOptions Options = new() { Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture, NewLine = "\n" };

    /// <summary>The CSV text of a header and rows; a cell is a string (text, guarded) or a double (a number).</summary>
    /// <param name="header">The column names.</param>
    /// <param name="rows">The rows, each as many cells as the header.</param>
    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, Options, leaveOpen: true))
        {
            foreach (string name in header)
            {
                csv.WriteField(name);
            }

            csv.EndRecord();
            foreach (var row in rows)
            {
                foreach (object cell in row)
                {
                    if (cell is double number)
                    {
                        csv.WriteField(number, "0.##");
                    }
                    else
                    {
                        csv.WriteField(Convert.ToString(cell, CultureInfo.InvariantCulture) ?? "");
                    }
                }

                csv.EndRecord();
            }
        }

        return text.ToString();
    }
}
