using System.Buffers.Binary;
using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Providers.Resilience;

namespace EfficientAI.Telephony.Providers.Tts;

/// <summary>Headerless PCM from a provider, checked before it becomes a clip.</summary>
internal static class PcmAudio
{
    /// <summary>16-bit little-endian mono; an empty or odd-length body is bad audio (a truncated transfer).</summary>
    public static AudioClip FromLittleEndian(ReadOnlySpan<byte> pcm, int sampleRate)
    {
        if (pcm.Length == 0)
        {
            throw new ProviderAttemptException(ProviderFailureCause.BadAudio, "the audio body was empty");
        }

        if (pcm.Length % 2 != 0)
        {
            throw new ProviderAttemptException(ProviderFailureCause.BadAudio, $"the audio body has {pcm.Length} bytes, not whole 16-bit samples");
        }

        var samples = new short[pcm.Length / 2];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(pcm[(2 * i)..]);
        }

        return new AudioClip(samples, sampleRate);
    }
}
