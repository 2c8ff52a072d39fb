using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace EfficientAI.Telephony.Sip.Messages;

/// <summary>
/// Where formatted SIP text goes, so that one formatting routine serves both a string (ToString) and the wire
/// (UTF-8 bytes straight into an <see cref="IBufferWriter{T}"/>). Implemented by structs; calls are not boxed.
/// </summary>
internal interface ITextSink
{
    void Append(scoped ReadOnlySpan<char> text);

    void Append(char c);

    void Append(int value);
}

internal readonly struct StringBuilderSink(StringBuilder builder) : ITextSink
{
    public void Append(scoped ReadOnlySpan<char> text) => builder.Append(text);

    public void Append(char c) => builder.Append(c);

    public void Append(int value) => builder.Append(value);
}

/// <summary>
/// Writes UTF-8 into the spans an <see cref="IBufferWriter{T}"/> hands out, asking for more as it goes; call
/// <see cref="Flush"/> at the end. Encoding is Encoding.UTF8's: an unpaired surrogate becomes U+FFFD.
/// </summary>
internal ref struct Utf8Sink(IBufferWriter<byte> output) : ITextSink
{
    private const int ChunkSize = 512;

    private Span<byte> _span;
    private int _used;

    public void Append(scoped ReadOnlySpan<char> text)
    {
        while (true)
        {
            var status = Utf8.FromUtf16(text, _span[_used..], out var read, out var written);
            _used += written;
            if (status == OperationStatus.Done)
            {
                return;
            }

            text = text[read..];
            Grow(Math.Min(text.Length, ChunkSize) * 3);
        }
    }

    public void Append(char c)
    {
        if (c < 128 && _used < _span.Length)
        {
            _span[_used++] = (byte)c;
            return;
        }

        Append([c]);
    }

    public void Append(int value)
    {
        if (!value.TryFormat(_span[_used..], out var written, default, System.Globalization.CultureInfo.InvariantCulture))
        {
            Grow(11);
            value.TryFormat(_span[_used..], out written, default, System.Globalization.CultureInfo.InvariantCulture);
        }

        _used += written;
    }

    /// <summary>Bytes that are already UTF-8 (a received value, a body).</summary>
    public void AppendUtf8(scoped ReadOnlySpan<byte> bytes)
    {
        if (_span.Length - _used < bytes.Length)
        {
            Grow(bytes.Length);
        }

        bytes.CopyTo(_span[_used..]);
        _used += bytes.Length;
    }

    /// <summary>Commits what was written to the buffer writer.</summary>
    public void Flush()
    {
        if (_used > 0)
        {
            output.Advance(_used);
        }

        _span = default;
        _used = 0;
    }

    private void Grow(int atLeast)
    {
        Flush();
        _span = output.GetSpan(Math.Max(atLeast, ChunkSize));
    }
}
