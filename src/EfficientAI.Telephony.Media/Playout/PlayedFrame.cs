namespace EfficientAI.Telephony.Media.Playout;

/// <summary>A frame the jitter buffer released for playout.</summary>
/// <param name="RemoteSampleIndex">Its position in the remote stream, exactly as the packet's RTP timestamp gave it.</param>
/// <param name="Samples">Its length.</param>
/// <param name="ArrivalSampleIndex">When its packet arrived on the local media clock; for a concealed frame, the
/// playout instant (no packet arrived).</param>
/// <param name="Concealed">Synthesised for a lost or late packet.</param>
public readonly record struct PlayedFrame(long RemoteSampleIndex, int Samples, long ArrivalSampleIndex, bool Concealed);

/// <summary>What the jitter buffer did with an inserted packet.</summary>
public enum JitterBufferInsert
{
    /// <summary>Held for playout.</summary>
    Buffered,

    /// <summary>Its frame was already played or concealed; discarded.</summary>
    Late,

    /// <summary>A packet for the same position is already held; discarded.</summary>
    Duplicate,

    /// <summary>No room: the buffer holds more than its maximum delay; discarded.</summary>
    Overflow,
}
