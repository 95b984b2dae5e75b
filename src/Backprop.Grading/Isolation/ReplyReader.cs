using System.Text;

namespace Backprop.Grading.Isolation;

/// <summary>
/// Cuts a child's reply stream into lines and keeps only those that start with one of the two headers (the ready or
/// the reply prefix, each followed by this child's per-start secret), checked byte by byte on the raw stream before
/// anything is stored or decoded. Other bytes are counted and dropped as they arrive; past <see cref="MaxJunkBytes"/>
/// of them the child is flooding. An accepted line is at most <see cref="MaxLineBytes"/> and strict UTF-8, or dropped.
/// </summary>
internal sealed class ReplyReader(byte[] readyHeader, byte[] replyHeader)
{
    /// <summary>The longest reply line accepted (a reply is a few kilobytes; a compiled answer at most a few MB).</summary>
    public const int MaxLineBytes = 8 * 1024 * 1024;

    /// <summary>Bytes that are no reply a child may send in its life before it is stopped (a real child sends none).</summary>
    public const long MaxJunkBytes = 1024 * 1024;

    private static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);
    private readonly MemoryStream _payload = new();
    private int _position;
    private bool _maybeReady = true, _maybeReply = true;
    private byte[]? _header;
    private bool _junk, _overlong;
    private long _junkBytes;

    /// <summary>Why the child counts as flooding, once it does; null until then.</summary>
    public string? Flooded { get; private set; }

    /// <summary>Reads a chunk; returns the complete accepted lines in it, each as header + payload text.</summary>
    /// <param name="chunk">Bytes as read from the pipe.</param>
    public List<string> Take(ReadOnlySpan<byte> chunk)
    {
        var lines = new List<string>();
        while (!chunk.IsEmpty && Flooded is null)
        {
            if (_junk || _overlong)
            {
                int end = chunk.IndexOf((byte)'\n');
                int used = end < 0 ? chunk.Length : end + 1;
                Junk(used);
                chunk = chunk[used..];
                if (end >= 0)
                {
                    Reset();
                }
            }
            else if (_header is null)
            {
                byte b = chunk[0];
                chunk = chunk[1..];
                _maybeReady &= _position < readyHeader.Length && readyHeader[_position] == b;
                _maybeReply &= _position < replyHeader.Length && replyHeader[_position] == b;
                _position++;
                if (b == (byte)'\n' || !(_maybeReady || _maybeReply))
                {
                    Junk(_position);
                    _junk = b != (byte)'\n';
                    if (!_junk)
                    {
                        Reset();
                    }
                }
                else if (_maybeReady && _position == readyHeader.Length)
                {
                    _header = readyHeader;
                }
                else if (_maybeReply && _position == replyHeader.Length)
                {
                    _header = replyHeader;
                }
            }
            else
            {
                int end = chunk.IndexOf((byte)'\n');
                var part = end < 0 ? chunk : chunk[..end];
                if (_payload.Length + part.Length > MaxLineBytes)
                {
                    _overlong = true;
                    _payload.SetLength(0);
                    continue; // the rest of the line is dropped as junk
                }

                _payload.Write(part);
                chunk = end < 0 ? [] : chunk[(end + 1)..];
                if (end >= 0)
                {
                    if (Decode() is { } text)
                    {
                        lines.Add(Encoding.ASCII.GetString(_header) + text);
                    }

                    Reset();
                }
            }
        }

        return lines;
    }

    private string? Decode()
    {
        try
        {
            return Strict.GetString(_payload.GetBuffer(), 0, (int)_payload.Length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private void Junk(long bytes)
    {
        _junkBytes += bytes;
        if (_junkBytes > MaxJunkBytes)
        {
            Flooded = $"flooded the grader's reply channel (more than {MaxJunkBytes / 1024 / 1024} MB that was no reply) and was stopped";
        }
    }

    private void Reset()
    {
        _position = 0;
        _maybeReady = _maybeReply = true;
        _header = null;
        _junk = _overlong = false;
        _payload.SetLength(0);
    }
}
