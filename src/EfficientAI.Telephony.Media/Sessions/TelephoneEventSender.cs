using System.Collections.Concurrent;
using EfficientAI.Telephony.Media.Rtp;

namespace EfficientAI.Telephony.Media.Sessions;

/// <summary>
/// Sends queued DTMF digits as RFC 4733 events, one packet per pacer tick, in place of the audio frame:
/// every packet of an event carries the event's start timestamp and the duration so far (§2.5.1.2), the first has
/// the marker bit (§2.5.1.3), and the final packet, with the E bit, is sent three times (§2.5.1.4). A short
/// pause of audio separates consecutive digits. <see cref="Enqueue"/> may be called from any thread;
/// <see cref="TryNextPacket"/> only from the pacer.
/// </summary>
internal sealed class TelephoneEventSender
{
    /// <summary>RFC 4733 §2.5.1.4: the end packet is sent three times in total.</summary>
    private const int EndPacketCopies = 3;

    /// <summary>Ticks of audio between two digits (40 ms at 20 ms frames), so receivers see separate events.</summary>
    private const int InterDigitPauseTicks = 2;

    /// <summary>The volume field: −10 dBm0, a typical DTMF power level (RFC 4733 §2.3.4).</summary>
    private const byte Volume = 10;

    private readonly ConcurrentQueue<(byte Code, int DurationSamples)> _queue = new();
    private bool _active;
    private bool _ending;
    private bool _first;
    private byte _code;
    private int _durationSamples;
    private int _elapsed;
    private uint _startTimestamp;
    private int _endPacketsLeft;
    private int _pauseTicks;

    public void Enqueue(byte code, int durationSamples) => _queue.Enqueue((code, durationSamples));

    /// <summary>
    /// Whether this tick sends an event packet instead of audio; if so, writes its 4-octet payload and gives the RTP
    /// timestamp and marker to use.
    /// </summary>
    /// <param name="frameTimestamp">The RTP timestamp this tick's audio frame would have.</param>
    /// <param name="frameSamples">The samples per tick.</param>
    /// <param name="payload">Where the event payload goes.</param>
    /// <param name="timestamp">The event's start timestamp.</param>
    /// <param name="marker">Whether this is the event's first packet.</param>
    public bool TryNextPacket(uint frameTimestamp, int frameSamples, Span<byte> payload, out uint timestamp, out bool marker)
    {
        timestamp = 0;
        marker = false;
        if (!_active)
        {
            if (_pauseTicks > 0)
            {
                _pauseTicks--;
                return false;
            }

            if (!_queue.TryDequeue(out var next))
            {
                return false;
            }

            _active = true;
            _ending = false;
            _first = true;
            _code = next.Code;
            _durationSamples = next.DurationSamples;
            _elapsed = 0;
            _startTimestamp = frameTimestamp;
            _endPacketsLeft = EndPacketCopies;
        }

        if (!_ending)
        {
            _elapsed = Math.Min(_elapsed + frameSamples, ushort.MaxValue);
            _ending = _elapsed >= _durationSamples;
        }

        new TelephoneEvent(_code, _ending, Volume, (ushort)_elapsed).Write(payload);
        timestamp = _startTimestamp;
        marker = _first;
        _first = false;
        if (_ending && --_endPacketsLeft == 0)
        {
            _active = false;
            _pauseTicks = InterDigitPauseTicks;
        }

        return true;
    }
}
