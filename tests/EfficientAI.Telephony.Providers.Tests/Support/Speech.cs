using EfficientAI.Telephony.Conversation.Audio;

namespace EfficientAI.Telephony.Providers.Tests.Support;

/// <summary>Test audio: a voiced-looking tone burst at telephone rate.</summary>
internal static class Speech
{
    public static AudioClip Tone(int sampleRate, TimeSpan length, double hz = 300, short amplitude = 6000)
    {
        var samples = new short[(int)(length.TotalSeconds * sampleRate)];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(amplitude * Math.Sin(2 * Math.PI * hz * i / sampleRate));
        }

        return new AudioClip(samples, sampleRate);
    }
}
