using EfficientAI.Telephony.Media.Rtp;
using EfficientAI.Telephony.Media.Sessions;

namespace EfficientAI.Telephony.Media.Tests.Sessions;

public class TelephoneEventSenderTests
{
    [Fact]
    public void ADigit_IsSentAsGrowingDurationsFromOneStartTimestamp_EndingWithThreeEndPackets()
    {
        var sender = new TelephoneEventSender();
        sender.Enqueue(5, durationSamples: 800);

        var packets = Run(sender, ticks: 10, firstTimestamp: 16_000);

        // 100 ms at 8 kHz in 20 ms ticks: 4 updates, the end at 800 sent three times, then audio again.
        Assert.Equal(
            [
                (16_000u, true, new TelephoneEvent(5, false, 10, 160)),
                (16_000u, false, new TelephoneEvent(5, false, 10, 320)),
                (16_000u, false, new TelephoneEvent(5, false, 10, 480)),
                (16_000u, false, new TelephoneEvent(5, false, 10, 640)),
                (16_000u, false, new TelephoneEvent(5, true, 10, 800)),
                (16_000u, false, new TelephoneEvent(5, true, 10, 800)),
                (16_000u, false, new TelephoneEvent(5, true, 10, 800)),
                null,
                null,
                null,
            ],
            packets);
    }

    [Fact]
    public void ConsecutiveDigits_AreSeparatedByTwoFramesOfAudio_AndStartAtTheirOwnTimestamp()
    {
        var sender = new TelephoneEventSender();
        sender.Enqueue(1, 160);
        sender.Enqueue(11, 160);

        var packets = Run(sender, ticks: 9, firstTimestamp: 0);

        Assert.Equal(
            [
                (0u, true, new TelephoneEvent(1, true, 10, 160)),
                (0u, false, new TelephoneEvent(1, true, 10, 160)),
                (0u, false, new TelephoneEvent(1, true, 10, 160)),
                null,
                null,
                (800u, true, new TelephoneEvent(11, true, 10, 160)),
                (800u, false, new TelephoneEvent(11, true, 10, 160)),
                (800u, false, new TelephoneEvent(11, true, 10, 160)),
                null,
            ],
            packets);
    }

    private static List<(uint Timestamp, bool Marker, TelephoneEvent Event)?> Run(TelephoneEventSender sender, int ticks, uint firstTimestamp)
    {
        var packets = new List<(uint, bool, TelephoneEvent)?>();
        var payload = new byte[TelephoneEvent.Length];
        for (int tick = 0; tick < ticks; tick++)
        {
            uint frameTimestamp = firstTimestamp + (uint)(tick * 160);
            if (sender.TryNextPacket(frameTimestamp, 160, payload, out uint timestamp, out bool marker))
            {
                Assert.True(TelephoneEvent.TryRead(payload, out var telephoneEvent));
                packets.Add((timestamp, marker, telephoneEvent));
            }
            else
            {
                packets.Add(null);
            }
        }

        return packets;
    }
}
