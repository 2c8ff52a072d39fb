using EfficientAI.Telephony.Conversation.Vad;

namespace EfficientAI.Telephony.Conversation.Playback;

/// <summary>
/// A synthesised line ready to play: its PCM and where speech lies inside it, measured once on the
/// PCM itself so the played speech can be stamped to the sample (frame index + offset).
/// </summary>
internal sealed class Utterance
{
    public Utterance(string text, short[] samples, EnergyVad vad, bool hangUpAfter = false)
    {
        Text = text;
        Samples = samples;
        HangUpAfter = hangUpAfter;
        FirstVoicedOffset = vad.FindFirstVoicedSample(samples);
        LastVoicedOffset = vad.FindLastVoicedSample(samples);
    }

    public string Text { get; }

    public short[] Samples { get; }

    public bool HangUpAfter { get; }

    /// <summary>Offset of the first voiced sample in <see cref="Samples"/>, or −1 when nothing is voiced.</summary>
    public int FirstVoicedOffset { get; }

    /// <summary>Offset of the last voiced sample in <see cref="Samples"/>, or −1 when nothing is voiced.</summary>
    public int LastVoicedOffset { get; }

    public bool HasSpeech => FirstVoicedOffset >= 0;
}
