using Backprop.Grading.Notebooks;

namespace Backprop.Grading.Tests;

/// <summary>The one reader of submissions: a path and a stream give the same typed submission, bounded by the same limit.</summary>
public class SubmissionReaderTests
{
    [Fact]
    public void A_stream_and_a_path_give_the_same_submission()
    {
        var fromPath = SubmissionReader.Read(TestPaths.SolutionNotebook);
        using var stream = File.OpenRead(TestPaths.SolutionNotebook);

        var fromStream = SubmissionReader.Read(fromPath.Name, Path.GetFileName(TestPaths.SolutionNotebook), stream);

        Assert.Empty(fromStream.Problems);
        Assert.Equal(fromPath.Cells, fromStream.Cells);
        Assert.Contains(fromStream.Cells, c => c.Identity.Answer == "p1.dJ_ds" && c.Location.StartsWith("solution.ipynb, cell ", StringComparison.Ordinal));
        Assert.NotEmpty(fromStream.WrittenAnswers("p3.why_residual"));
    }

    [Fact]
    public void A_stream_longer_than_the_limit_is_refused_after_reading_one_byte_more()
    {
        var endless = new CountingStream();

        var submission = SubmissionReader.Read("big", "big.cs", endless);

        Assert.Contains("is larger than the 2 MB", Assert.Single(submission.Problems));
        Assert.Empty(submission.Cells);
        Assert.Equal(ExportedAppReader.MaxBytes + 1, endless.BytesRead);
    }

    /// <summary>An endless stream of spaces that counts what was read from it.</summary>
    private sealed class CountingStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)' ', offset, count);
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
