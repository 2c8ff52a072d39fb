namespace EfficientAI.Telephony.Media.Sessions;

/// <summary>Supplies the outgoing audio of a call, one frame per pacer tick.</summary>
public interface IMediaSource
{
    /// <summary>
    /// Fills <paramref name="frame"/> with the samples that start at <paramref name="sampleIndex"/> on the call's
    /// media clock (write zeros for silence). Called on the pacer thread: copy from a prepared buffer, never block.
    /// </summary>
    void ReadFrame(long sampleIndex, Span<short> frame);
}
