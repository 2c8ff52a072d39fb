namespace EfficientAI.Telephony.Media.Srtp;

/// <summary>
/// The replay list of RFC 3711 §3.3.2 as a sliding window of 64 indices behind the highest authenticated one:
/// an index already seen, or older than the window, is a replay. <see cref="Check"/> before authentication,
/// <see cref="Accept"/> only after it succeeded.
/// </summary>
internal struct SrtpReplayWindow
{
    public const int Size = 64;
    private bool _any;
    private ulong _highest;
    private ulong _seen; // bit i: index _highest - i was accepted

    public readonly bool Check(ulong index)
    {
        if (!_any || index > _highest)
        {
            return true;
        }

        ulong behind = _highest - index;
        return behind < Size && (_seen & (1UL << (int)behind)) == 0;
    }

    public void Accept(ulong index)
    {
        if (!_any)
        {
            _any = true;
            _highest = index;
            _seen = 1;
        }
        else if (index > _highest)
        {
            ulong ahead = index - _highest;
            _seen = ahead >= Size ? 1 : (_seen << (int)ahead) | 1;
            _highest = index;
        }
        else
        {
            _seen |= 1UL << (int)(_highest - index);
        }
    }
}
