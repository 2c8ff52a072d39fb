using EfficientAI.Telephony.Media.Rtcp;
using EfficientAI.Telephony.Media.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace EfficientAI.Telephony.Media.Tests.Rtcp;

/// <summary>Report scheduling, SR/RR choice, LSR/DLSR and the round trip, on a fake clock.</summary>
public class RtcpReporterTests
{
    private const uint AliceSsrc = 0xA11CE;
    private const uint BobSsrc = 0xB0B;

    [Fact]
    public void RoundTrip_IsArrivalMinusLsrMinusDlsr_PerRfc3550Section6_4_1()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var alice = new RtcpReporter(time, AliceSsrc, 8000, TimeSpan.FromSeconds(5));
        var bob = new RtcpReporter(time, BobSsrc, 8000, TimeSpan.FromSeconds(5));
        var buffer = new byte[RtcpReporter.MaxCompoundLength];

        // Alice's SR takes 10 ms to Bob, Bob holds it 30 ms, his RR takes 15 ms back: the round trip is 25 ms.
        int sr = alice.Write(buffer, time.GetTimestamp(), new RtcpSenderInfo(default, 1234, 50, 8000), packetsSent: 50, reception: null, goodbye: false);
        time.Advance(TimeSpan.FromMilliseconds(10));
        bob.Process(buffer.AsSpan(0, sr), time.GetTimestamp());
        time.Advance(TimeSpan.FromMilliseconds(30));
        var aboutAlice = new RtcpReportBlock(AliceSsrc, 64, 12, 70000, 80, 0, 0);
        int rr = bob.Write(buffer, time.GetTimestamp(), default, packetsSent: 0, aboutAlice, goodbye: false);
        time.Advance(TimeSpan.FromMilliseconds(15));
        alice.Process(buffer.AsSpan(0, rr), time.GetTimestamp());

        var counters = alice.Counters;
        Assert.NotNull(counters.RoundTripMs);
        Assert.InRange(counters.RoundTripMs!.Value, 25 - 0.05, 25 + 0.05); // 1/65536 s quantisation
        Assert.Equal(new RtcpPeerReport(12, 0.25, 10.0, 70000), counters.PeerReport);
        Assert.Equal(50, bob.Counters.PeerPacketsSent);
        Assert.Equal(8000, bob.Counters.PeerOctetsSent);
    }

    [Fact]
    public void Write_IsAnSrWhileWeSend_AndAnRrOnceWeStopped_ForTwoReports()
    {
        var time = new FakeTimeProvider();
        var reporter = new RtcpReporter(time, AliceSsrc, 8000, TimeSpan.FromSeconds(5));
        var buffer = new byte[RtcpReporter.MaxCompoundLength];
        var types = new List<byte>();
        foreach (long sent in new long[] { 10, 20, 20, 20, 30 })
        {
            reporter.Write(buffer, time.GetTimestamp(), default, sent, reception: null, goodbye: false);
            types.Add(buffer[1]);
        }

        // RFC 3550 §6.4: SR if data was sent since the last report or the one before it.
        Assert.Equal(new byte[] { 200, 200, 200, 201, 200 }, types);
    }

    [Fact]
    public void Schedule_FirstReportWithinHalfTheIntervalRandomised_ThenEveryIntervalRandomisedOverHalfToOneAndAHalf()
    {
        var time = new FakeTimeProvider();
        var start = time.GetTimestamp();
        var reporter = new RtcpReporter(time, AliceSsrc, 8000, TimeSpan.FromSeconds(5));
        var due = new List<double>();
        for (int tick = 0; tick < 10 * 60 * 50; tick++)
        {
            time.Advance(TimeSpan.FromMilliseconds(20));
            if (reporter.IsDue(time.GetTimestamp()))
            {
                due.Add(time.GetElapsedTime(start).TotalSeconds);
            }
        }

        Assert.InRange(due[0], 1.25, 3.75 + 0.02);
        var gaps = due.Zip(due.Skip(1), (a, b) => b - a).ToList();
        Assert.All(gaps, gap => Assert.InRange(gap, 2.5, 7.5 + 0.02));

        // Ten minutes at a mean of 5 s: about 120 reports; not all gaps equal, or nothing is randomised.
        Assert.InRange(due.Count, 80, 240);
        Assert.True(gaps.Distinct().Count() > 5);
    }

    [Fact]
    public void Process_IgnoresOurOwnReportComingBack_AndCountsAByeFromThePeer()
    {
        var time = new FakeTimeProvider();
        var alice = new RtcpReporter(time, AliceSsrc, 8000, TimeSpan.FromSeconds(5));
        var bob = new RtcpReporter(time, BobSsrc, 8000, TimeSpan.FromSeconds(5));
        var buffer = new byte[RtcpReporter.MaxCompoundLength];

        int own = alice.Write(buffer, time.GetTimestamp(), default, 5, null, goodbye: false);
        alice.Process(buffer.AsSpan(0, own), time.GetTimestamp());
        Assert.Equal(0, alice.Counters.ReportsReceived);
        Assert.Equal(1, alice.Counters.ReportsIgnored);

        int bye = bob.Write(buffer, time.GetTimestamp(), default, 5, null, goodbye: true);
        alice.Process(buffer.AsSpan(0, bye), time.GetTimestamp());
        Assert.True(alice.Counters.PeerSentBye);
        Assert.Equal(1, alice.Counters.ReportsReceived);
    }

    [Fact]
    public void WriteAndProcess_AllocateNothing_OnceWarm()
    {
        var time = new FakeTimeProvider();
        var alice = new RtcpReporter(time, AliceSsrc, 8000, TimeSpan.FromSeconds(5));
        var bob = new RtcpReporter(time, BobSsrc, 8000, TimeSpan.FromSeconds(5));
        var buffer = new byte[RtcpReporter.MaxCompoundLength];
        var block = new RtcpReportBlock(AliceSsrc, 0, 0, 100, 3, 0, 0);

        void Exchange()
        {
            int sr = alice.Write(buffer, time.GetTimestamp(), new RtcpSenderInfo(default, 1, 2, 3), 7, null, false);
            bob.Process(buffer.AsSpan(0, sr), time.GetTimestamp());
            int rr = bob.Write(buffer, time.GetTimestamp(), default, 0, block, false);
            alice.Process(buffer.AsSpan(0, rr), time.GetTimestamp());
        }

        Exchange();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            Exchange();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
