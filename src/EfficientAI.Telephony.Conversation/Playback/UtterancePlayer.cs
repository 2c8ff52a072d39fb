using EfficientAI.Telephony.Conversation.Vad;

namespace EfficientAI.Telephony.Conversation.Playback;

/// <summary>
/// Plays one utterance at a time into outgoing frames. Owned by the pacer thread; no allocation.
/// Playback always starts at the first sample of a frame, so the utterance's first sample carries
/// that frame's sample index.
/// </summary>
internal sealed class UtterancePlayer
{
    private int _position;

    public Utterance? Current { get; private set; }

    /// <summary>Sample index of the current utterance's first sample.</summary>
    public long StartSample { get; private set; }

    public bool IsPlaying => Current is not null;

    /// <summary>Sample index just after the last sample written so far.</summary>
    public long PlayedUntil => StartSample + _position;

    public void Start(Utterance utterance, long sampleIndex)
    {
        Current = utterance;
        StartSample = sampleIndex;
        _position = 0;
    }

    /// <summary>
    /// Writes the next samples of the utterance (silence after its end) into <paramref name="frame"/>.
    /// Returns true when the utterance has been written completely; <see cref="Current"/> stays set
    /// until <see cref="Stop"/> so the caller can still read its stamps.
    /// </summary>
    public bool Fill(Span<short> frame)
    {
        if (Current is null)
        {
            frame.Clear();
            return false;
        }

        int count = Math.Min(frame.Length, Current.Samples.Length - _position);
        Current.Samples.AsSpan(_position, count).CopyTo(frame);
        frame[count..].Clear();
        _position += count;
        return _position == Current.Samples.Length;
    }

    /// <summary>Last voiced sample actually played (stamped), or −1 when none was.</summary>
    public long LastVoicedPlayed(EnergyVad vad)
    {
        if (Current is null)
        {
            return -1;
        }

        int last = vad.FindLastVoicedSample(Current.Samples.AsSpan(0, _position));
        return last < 0 ? -1 : StartSample + last;
    }

    public void Stop()
    {
        Current = null;
        _position = 0;
    }
}
