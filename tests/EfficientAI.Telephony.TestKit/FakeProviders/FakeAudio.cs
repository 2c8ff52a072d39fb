using System.Buffers.Binary;

namespace EfficientAI.Telephony.TestKit.FakeProviders;

/// <summary>The audio the fake synthesises: 50 ms of silence, a 400 Hz tone, 50 ms of silence.</summary>
public static class FakeAudio
{
    public const int ToneHz = 400;
    public const short Amplitude = 8000;

    public static readonly TimeSpan ToneLength = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan SilenceLength = TimeSpan.FromMilliseconds(50);

    public static byte[] Pcm(int sampleRate)
    {
        int silence = (int)(SilenceLength.TotalSeconds * sampleRate);
        int tone = (int)(ToneLength.TotalSeconds * sampleRate);
        var bytes = new byte[(2 * silence + tone) * 2];
        for (int i = 0; i < tone; i++)
        {
            short sample = (short)(Amplitude * Math.Sin(2 * Math.PI * ToneHz * i / sampleRate));
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan((silence + i) * 2), sample);
        }

        return bytes;
    }

    /// <summary>A canonical 44-byte-header RIFF/WAVE file of mono 16-bit PCM.</summary>
    public static byte[] Wav(int sampleRate)
    {
        byte[] pcm = Pcm(sampleRate);
        var wav = new byte[44 + pcm.Length];
        Span<byte> h = wav;
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteInt32LittleEndian(h[4..], 36 + pcm.Length);
        "WAVEfmt "u8.CopyTo(h[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(h[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(h[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(h[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(h[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(h[28..], sampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(h[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(h[34..], 16);
        "data"u8.CopyTo(h[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(h[40..], pcm.Length);
        pcm.CopyTo(h[44..]);
        return wav;
    }
}
