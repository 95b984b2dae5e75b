using Backprop.Course.Commands;

namespace Backprop.Course.Tests;

public class WrittenAnswersPagesTests
{
    [Fact]
    public void Each_written_answers_file_gets_a_page_with_rendered_maths_and_the_students_html_shown_as_text()
    {
        string root = Path.Combine(Path.GetTempPath(), "backprop-written-" + Guid.NewGuid().ToString("N"));
        string student = Path.Combine(root, "alice");
        Directory.CreateDirectory(student);
        File.WriteAllText(Path.Combine(student, "written-answers.md"),
            "## p2.dJ_dWr.derivation\n\n> By the chain rule $\\frac{\\partial J}{\\partial W^r_{ij}}$ sums over t.\n>\n> <script>alert('x')</script> <img src=x onerror=alert(1)>\n");
        try
        {
            int written = WrittenAnswersPages.WriteBeside(root, TextWriter.Null);

            Assert.Equal(1, written);
            string page = File.ReadAllText(Path.Combine(student, WrittenAnswersPages.FileName));
            Assert.Contains("class=\"math\"", page);                     // KaTeX renders this element in the browser
            Assert.Contains("\\frac{\\partial J}", page);
            Assert.Contains("id=\"katex-js\"", page);                    // KaTeX is in the page, not fetched
            Assert.DoesNotContain("<script>alert", page);
            Assert.DoesNotContain("<img src=x", page);
            Assert.Contains("&lt;script&gt;alert", page);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_folder_without_written_answers_gets_no_page()
    {
        string root = Path.Combine(Path.GetTempPath(), "backprop-written-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            Assert.Equal(0, WrittenAnswersPages.WriteBeside(root, TextWriter.Null));
            Assert.Empty(Directory.EnumerateFiles(root, "*.html", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
