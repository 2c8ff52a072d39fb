using EfficientAI.Telephony.Media.Sessions;

namespace EfficientAI.Telephony.Media.Tests.Sessions;

/// <summary>Keeps every frame and DTMF event a session delivers, for assertions; thread-safe.</summary>
internal sealed class RecordingSink : IMediaSink
{
    private readonly Lock _gate = new();
    private readonly List<ReceivedFrame> _frames = [];
    private readonly List<(char Digit, long RemoteSampleIndex, bool End)> _dtmf = [];

    public IReadOnlyList<ReceivedFrame> Frames
    {
        get
        {
            lock (_gate)
            {
                return [.. _frames];
            }
        }
    }

    public IReadOnlyList<(char Digit, long RemoteSampleIndex, bool End)> Dtmf
    {
        get
        {
            lock (_gate)
            {
                return [.. _dtmf];
            }
        }
    }

    public int FrameCount
    {
        get
        {
            lock (_gate)
            {
                return _frames.Count;
            }
        }
    }

    public void OnFrame(long remoteSampleIndex, long arrivalSampleIndex, ReadOnlySpan<short> pcm)
    {
        lock (_gate)
        {
            _frames.Add(new ReceivedFrame(remoteSampleIndex, arrivalSampleIndex, pcm.ToArray()));
        }
    }

    public void OnDtmf(char digit, long remoteSampleIndex, bool end)
    {
        lock (_gate)
        {
            _dtmf.Add((digit, remoteSampleIndex, end));
        }
    }

    internal sealed record ReceivedFrame(long RemoteSampleIndex, long ArrivalSampleIndex, short[] Pcm);
}
