namespace EfficientAI.Telephony.Media.Sessions;

/// <summary>
/// Turns a stream of RFC 4733 event packets into one "began" and one "ended" per event. All packets of an event
/// carry the event's start timestamp (RFC 4733 §2.5.1.2), so a larger timestamp is a new event, the same one is the
/// same event, and a smaller one is a straggler of an earlier event. The end packet is sent three times
/// (§2.5.1.4); only the first counts.
/// </summary>
internal sealed class TelephoneEventDetector
{
    private bool _haveEvent;
    private long _eventStart;
    private bool _endReported;

    /// <summary>What a packet means for the listener.</summary>
    public readonly record struct Report(bool Began, bool Ended);

    /// <param name="extendedTimestamp">The packet's RTP timestamp, unwrapped to 64 bits.</param>
    /// <param name="end">The packet's E bit.</param>
    public Report Process(long extendedTimestamp, bool end)
    {
        bool began = false;
        if (!_haveEvent || extendedTimestamp > _eventStart)
        {
            _haveEvent = true;
            _eventStart = extendedTimestamp;
            _endReported = false;
            began = true;
        }
        else if (extendedTimestamp < _eventStart)
        {
            return default;
        }

        bool ended = false;
        if (end && !_endReported)
        {
            _endReported = true;
            ended = true;
        }

        return new Report(began, ended);
    }
}
