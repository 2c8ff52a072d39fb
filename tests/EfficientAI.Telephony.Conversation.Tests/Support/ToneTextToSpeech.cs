using System.Collections.Concurrent;
using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Conversation.Speech;

namespace EfficientAI.Telephony.Conversation.Tests.Support;

/// <summary>
/// Test double of a synthesiser: every line becomes <see cref="LeadingSilence"/> zeros, a 1 kHz
/// burst of 80 samples per character (rounded to whole cycles) and <see cref="TrailingSilence"/>
/// zeros, as a trimmed real engine would produce. Completes synchronously.
/// </summary>
internal sealed class ToneTextToSpeech : ITextToSpeech
{
    public const int LeadingSilence = 80;
    public const int TrailingSilence = 80;

    public ConcurrentQueue<string> Requests { get; } = new();

    public Func<string, Exception?>? FailWith { get; init; }

    public static int BurstLength(string text) => text.Length * 80;

    public static int FirstVoicedOffset => LeadingSilence;

    public static int LastVoicedOffset(string text) => LeadingSilence + BurstLength(text) - 1;

    public static short[] Render(string text)
    {
        var samples = new short[LeadingSilence + BurstLength(text) + TrailingSilence];
        Signal.Burst(BurstLength(text)).CopyTo(samples, LeadingSilence);
        return samples;
    }

    public Task<AudioClip> SynthesizeAsync(string text, VoiceOptions voice, int sampleRate, CancellationToken cancellationToken)
    {
        Requests.Enqueue(text);
        if (FailWith?.Invoke(text) is { } failure)
        {
            return Task.FromException<AudioClip>(failure);
        }

        if (sampleRate != 8000)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "The tone synthesiser renders 8 kHz only.");
        }

        return Task.FromResult(new AudioClip(Render(text), sampleRate));
    }
}
