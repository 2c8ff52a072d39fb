using EfficientAI.Telephony.Calls;
using EfficientAI.Telephony.Conversation.Caller;
using EfficientAI.Telephony.Media.Recording;
using EfficientAI.Telephony.Media.Sessions;

namespace EfficientAI.Telephony.Host.Running;

/// <summary>
/// Connects the simulated caller to a call's media: outgoing frames from the caller (recorded left), received
/// frames to the caller (recorded right), both on the caller's media clock.
/// </summary>
internal sealed class CallerMedia(CallerConversation caller, StereoWavRecorder? recorder) : IMediaSource, IMediaSink
{
    // Receive side: local − remote of the frames mapped so far, to place DTMF events on the same clock.
    private long _remoteToLocal;

    // Receive side: how long after its packet arrived each frame reached the caller, in samples (one bin per sample,
    // up to a second; the last bin holds everything longer).
    private readonly long[] _inputDelay = new long[8001];

    public ReceiveClock Clock { get; } = new();

    /// <summary>The call's media clock now (set once the session exists), to measure the input delay.</summary>
    public Func<long>? Now { get; set; }

    /// <summary>Packet arrival → frame handed to the caller (jitter buffer and playout included): p50 and p99 in ms.</summary>
    public (double P50, double P99)? InputDelayMs()
    {
        var total = _inputDelay.Sum();
        return total == 0 ? null : (Quantile(0.50), Quantile(0.99));

        double Quantile(double q)
        {
            long seen = 0;
            var bin = 0;
            while (bin < _inputDelay.Length - 1 && (seen += _inputDelay[bin]) < q * total)
            {
                bin++;
            }

            return Math.Round(bin * 1000.0 / caller.Timeline.SampleRate, 3);
        }
    }

    public void ReadFrame(long sampleIndex, Span<short> frame)
    {
        caller.ReadCallerFrame(sampleIndex, frame);
        recorder?.WriteLeft(sampleIndex, frame);
    }

    public void OnFrame(long remoteSampleIndex, long arrivalSampleIndex, ReadOnlySpan<short> pcm)
    {
        if (Now is { } now)
        {
            _inputDelay[Math.Clamp(now() - arrivalSampleIndex, 0, _inputDelay.Length - 1)]++;
        }

        var local = Clock.Map(remoteSampleIndex, arrivalSampleIndex);
        _remoteToLocal = local - remoteSampleIndex;
        caller.OnAgentFrame(local, pcm);
        recorder?.WriteRight(local, pcm);
    }

    public void OnDtmf(char digit, long remoteSampleIndex, bool end) =>
        caller.OnAgentDtmf(digit, remoteSampleIndex + _remoteToLocal, end);
}
