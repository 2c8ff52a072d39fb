using System.Buffers.Binary;
using EfficientAI.Telephony.Conversation.Audio;

namespace EfficientAI.Telephony.Conversation.Tests.Audio;

public sealed class WavFileTests
{
    private static readonly short[] Samples = [0, 1, -1, short.MaxValue, short.MinValue, 1234, -4321];

    [Fact]
    public void WriteThenRead_RoundTripsSamplesAndRate()
    {
        using var stream = new MemoryStream();
        WavFile.Write(stream, new AudioClip(Samples, 22050));
        stream.Position = 0;

        AudioClip clip = WavFile.Read(stream);

        Assert.Equal(22050, clip.SampleRate);
        Assert.Equal(Samples, clip.Samples);
    }

    [Fact]
    public void Encode_WritesTheCanonicalHeader()
    {
        byte[] file = WavFile.Encode(new AudioClip([0x0102, -2], 8000));

        byte[] expected =
        [
            .. "RIFF"u8, 40, 0, 0, 0, .. "WAVE"u8,
            .. "fmt "u8, 16, 0, 0, 0, 1, 0, 1, 0, 0x40, 0x1F, 0, 0, 0x80, 0x3E, 0, 0, 2, 0, 16, 0,
            .. "data"u8, 4, 0, 0, 0, 0x02, 0x01, 0xFE, 0xFF,
        ];
        Assert.Equal(expected, file);
    }

    [Fact]
    public void Parse_SkipsOtherChunks_IncludingAnOddSizedListChunkAndItsPadByte()
    {
        byte[] file = Build(
            Chunk("LIST", [.. "INFOISFT"u8, 5, 0, 0, 0, .. "abcde"u8]), // 17 bytes: followed by one pad byte
            FormatChunk(format: 1, channels: 1, rate: 16000, bits: 16),
            Chunk("fact", [0, 0, 0, 0]),
            DataChunk(Samples),
            Chunk("LIST", [.. "INFO"u8]));

        AudioClip clip = WavFile.Parse(file);

        Assert.Equal(16000, clip.SampleRate);
        Assert.Equal(Samples, clip.Samples);
    }

    [Fact]
    public void Parse_ADataSizePastTheEnd_ReadsToTheEnd_AsStreamingWritersProduce()
    {
        byte[] data = DataChunk(Samples);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), 0x7FFFF000); // what espeak-ng --stdout writes
        byte[] file = Build(FormatChunk(1, 1, 22050, 16), data);

        AudioClip clip = WavFile.Parse(file);

        Assert.Equal(Samples, clip.Samples);
    }

    [Fact]
    public void Parse_AcceptsWaveFormatExtensibleWithAPcmSubFormat()
    {
        byte[] fmt = new byte[40];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), 48000);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), 96000);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(16), 22);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(24), 1); // KSDATAFORMAT_SUBTYPE_PCM starts with 0x0001

        AudioClip clip = WavFile.Parse(Build(Chunk("fmt ", fmt), DataChunk(Samples)));

        Assert.Equal(48000, clip.SampleRate);
        Assert.Equal(Samples, clip.Samples);
    }

    [Theory]
    [InlineData(1, 2, 16, "2 channel(s)")]
    [InlineData(1, 1, 8, "8 bits")]
    [InlineData(3, 1, 32, "format 3")]
    public void Parse_RejectsAnythingButMono16BitPcm_SayingWhatItFound(int format, int channels, int bits, string expected)
    {
        byte[] file = Build(FormatChunk((ushort)format, (ushort)channels, 8000, (ushort)bits), DataChunk(Samples));

        var e = Assert.Throws<FormatException>(() => WavFile.Parse(file));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RejectsAFileThatIsNotRiffWave()
    {
        var e = Assert.Throws<FormatException>(() => WavFile.Parse("OggS\0\0\0\0\0\0\0\0\0\0"u8));
        Assert.Contains("RIFF", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RejectsDataBeforeFmt()
    {
        var e = Assert.Throws<FormatException>(() => WavFile.Parse(Build(DataChunk(Samples), FormatChunk(1, 1, 8000, 16))));
        Assert.Contains("before any fmt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RejectsAFileWithoutData()
    {
        var e = Assert.Throws<FormatException>(() => WavFile.Parse(Build(FormatChunk(1, 1, 8000, 16))));
        Assert.Contains("no data chunk", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ReadsANonSeekableStream()
    {
        using var stream = new NonSeekableStream(WavFile.Encode(new AudioClip(Samples, 8000)));

        AudioClip clip = await WavFile.ReadAsync(stream, CancellationToken.None);

        Assert.Equal(Samples, clip.Samples);
    }

    private static byte[] Build(params byte[][] chunks)
    {
        byte[] body = [.. "WAVE"u8, .. chunks.SelectMany(c => c)];
        byte[] size = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)body.Length);
        return [.. "RIFF"u8, .. size, .. body];
    }

    private static byte[] Chunk(string id, byte[] body)
    {
        byte[] header = new byte[8];
        System.Text.Encoding.ASCII.GetBytes(id, header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)body.Length);
        return body.Length % 2 == 1 ? [.. header, .. body, 0] : [.. header, .. body];
    }

    private static byte[] FormatChunk(ushort format, ushort channels, uint rate, ushort bits)
    {
        byte[] fmt = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, format);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), channels);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), rate);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), rate * channels * bits / 8);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), (ushort)(channels * bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), bits);
        return Chunk("fmt ", fmt);
    }

    private static byte[] DataChunk(short[] samples)
    {
        byte[] data = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2 * i), samples[i]);
        }

        return Chunk("data", data);
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    }
}
