using EfficientAI.Telephony.Conversation.Tests.Support;
using EfficientAI.Telephony.Conversation.Vad;

namespace EfficientAI.Telephony.Conversation.Tests.Vad;

public sealed class EndOfTurnDetectorTests
{
    private const int Rate = 8000;
    private const int Frame = 160;
    private const int Hangover = 4800; // 600 ms
    private const int MinSpeech = 800; // 100 ms

    [Fact]
    public void ToneBurstsInNoise_GiveExactEdges_AndDetectionAfterMinSpeechAndHangover()
    {
        // Bursts at [1234, 3633] and [11634, 15633] in noise peaking at 250, below the 300 amplitude.
        short[] audio = Audio(24000, (1234, 2400), (11634, 4000));

        List<(long Frame, TurnEdge Edge)> edges = Run(new EndOfTurnDetector(Rate), audio);

        Assert.Equal(
            [
                (1920, new TurnEdge(TurnEdgeKind.SpeechStarted, 1234, 1234 + MinSpeech - 1)),
                (8320, new TurnEdge(TurnEdgeKind.SpeechEnded, 3633, 3633 + Hangover)),
                (12320, new TurnEdge(TurnEdgeKind.SpeechStarted, 11634, 11634 + MinSpeech - 1)),
                (20320, new TurnEdge(TurnEdgeKind.SpeechEnded, 15633, 15633 + Hangover)),
            ],
            edges);
    }

    [Fact]
    public void APauseShorterThanTheHangover_KeepsOneTurn()
    {
        short[] audio = Audio(16000, (800, 1600), (800 + 1600 + 3200, 1600)); // 400 ms pause

        var edges = Run(new EndOfTurnDetector(Rate), audio).Select(e => e.Edge).ToList();

        Assert.Equal(
            [
                new TurnEdge(TurnEdgeKind.SpeechStarted, 800, 800 + MinSpeech - 1),
                new TurnEdge(TurnEdgeKind.SpeechEnded, 7199, 7199 + Hangover),
            ],
            edges);
    }

    [Fact]
    public void AClick_DoesNotStartATurn_AndLaterSpeechStartsAtItsOwnFirstSample()
    {
        short[] audio = Audio(16000, (2000, 2400));
        Signal.MixInto(audio, Signal.Burst(40, 10000), 500); // 5 ms click, 1.3 s before the speech

        var edges = Run(new EndOfTurnDetector(Rate), audio).Select(e => e.Edge).ToList();

        Assert.Equal(new TurnEdge(TurnEdgeKind.SpeechStarted, 2000, 2000 + MinSpeech - 1), edges[0]);
        Assert.Equal(2, edges.Count);
    }

    [Fact]
    public void SpeechShorterThanMinSpeech_NeverStartsATurn()
    {
        short[] audio = Audio(16000, (1000, 792), (6000, 792)); // 99 ms each

        Assert.Empty(Run(new EndOfTurnDetector(Rate), audio));
    }

    [Fact]
    public void LostPackets_CountAsSilence()
    {
        short[] audio = Audio(24000, (1234, 2400));
        var detector = new EndOfTurnDetector(Rate);
        var edges = new List<TurnEdge>();

        // Frames 3680..9599 never arrive; the next one is stamped 9600.
        for (int start = 0; start < audio.Length; start += Frame)
        {
            if (start is >= 3680 and < 9600)
            {
                continue;
            }

            TurnEdge edge = detector.Process(start, audio.AsSpan(start, Frame));
            if (!edge.IsNone)
            {
                edges.Add(edge);
            }
        }

        Assert.Equal(new TurnEdge(TurnEdgeKind.SpeechEnded, 3633, 3633 + Hangover), edges[1]);
    }

    [Fact]
    public void Hangover_CanChangeBetweenFrames()
    {
        short[] audio = Audio(16000, (400, 1600));
        var detector = new EndOfTurnDetector(Rate) { Hangover = TimeSpan.FromMilliseconds(250) };

        var edges = Run(detector, audio).Select(e => e.Edge).ToList();

        Assert.Equal(new TurnEdge(TurnEdgeKind.SpeechEnded, 1999, 1999 + 2000), edges[1]);
    }

    [Fact]
    public void Flush_EndsATurnInProgressAtItsLastVoicedSample()
    {
        short[] audio = Audio(3200, (400, 1600));
        var detector = new EndOfTurnDetector(Rate);
        Run(detector, audio);
        Assert.True(detector.IsSpeaking);

        TurnEdge edge = detector.Flush();

        Assert.Equal(new TurnEdge(TurnEdgeKind.SpeechEnded, 1999, 1999), edge);
        Assert.False(detector.IsSpeaking);
    }

    [Fact]
    public void FindTurns_ListsEverySegmentOfARecording()
    {
        short[] audio = Audio(30000, (1234, 2400), (11634, 4000), (24000, 4000));

        IReadOnlyList<SpeechSegment> turns = EndOfTurnDetector.FindTurns(audio, Rate);

        Assert.Equal([new(1234, 3633), new(11634, 15633), new(24000, 27999)], turns);
    }

    [Fact]
    public void Process_AFrameLongerThanTheMinimumSpeech_IsRejected()
    {
        var detector = new EndOfTurnDetector(Rate);

        var e = Assert.Throws<ArgumentException>(() => detector.Process(0, new short[MinSpeech + 1]));
        Assert.Contains("split it", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_InSteadyState_DoesNotAllocate()
    {
        short[] audio = Audio(48000, (1000, 16000), (30000, 16000));
        var detector = new EndOfTurnDetector(Rate);
        detector.Process(0, audio.AsSpan(0, Frame));

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int start = Frame; start < audio.Length; start += Frame)
        {
            detector.Process(start, audio.AsSpan(start, Frame));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static short[] Audio(int length, params (int Start, int Length)[] bursts)
    {
        short[] audio = Signal.Noise(length, 250, seed: length);
        foreach ((int start, int count) in bursts)
        {
            Signal.MixInto(audio, Signal.Burst(count), start);
        }

        return audio;
    }

    private static List<(long Frame, TurnEdge Edge)> Run(EndOfTurnDetector detector, short[] audio)
    {
        var edges = new List<(long, TurnEdge)>();
        for (int start = 0; start + Frame <= audio.Length; start += Frame)
        {
            TurnEdge edge = detector.Process(start, audio.AsSpan(start, Frame));
            if (!edge.IsNone)
            {
                edges.Add((start, edge));
            }
        }

        return edges;
    }
}
