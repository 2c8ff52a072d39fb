using System.Buffers.Binary;
using CsCheck;
using EfficientAI.Telephony.Media.Rtcp;
using EfficientAI.Telephony.Media.Rtp;

namespace EfficientAI.Telephony.Fuzz.Tests;

/// <summary>
/// RTP header, RFC 4733 telephone-event and compound RTCP readers. Rejected means TryRead returns false; no input may
/// throw or allocate, a read payload lies inside the packet, and what reads writes back to the same fields.
/// </summary>
public class RtpRtcpFuzzTests
{
    private static readonly IReadOnlyList<byte[]> RtpCorpus =
    [
        Rtp(0x80, 0x00, 20),                       // PCMU, 20 octets of payload
        Rtp(0x80, 0xE5, 4),                        // marker, telephone-event (101)
        Rtp(0xA0, 0x08, 7, padding: 3),            // padding
        Rtp(0x92, 0x00, 8, csrcs: 2, extWords: 1), // CSRCs and a header extension
        Rtp(0xBF, 0x7F, 0, csrcs: 15, padding: 1),
    ];

    private static readonly IReadOnlyList<byte[]> RtcpCorpus =
    [
        [.. Rtcp(0x81, 200, 6 + 6), .. Rtcp(0x81, 202, 2)],  // SR with one block, SDES
        [.. Rtcp(0x80, 201, 1), .. Rtcp(0x81, 203, 1)],      // empty RR, BYE
        Rtcp(0xA1, 201, 7),                                    // RR with a block and padding
        [.. Rtcp(0x80, 200, 6), .. Rtcp(0x81, 205, 4)],      // SR, RTPFB
    ];

    [Fact]
    public void Rtp_MutatedAndRandomPackets_AreReadOrRejected_WithThePayloadInside()
    {
        var gen = Gen.Frequency((3, Mutator.Mutations(RtpCorpus)), (1, Gen.Byte.Array[0, 1500]));
        FuzzRun.Run("rtp", gen, CheckRtp, Mutator.Print);
    }

    [Fact]
    public void Rtcp_MutatedAndRandomCompounds_AreReadOrRejected_WithinTheDatagram()
    {
        var gen = Gen.Frequency((3, Mutator.Mutations(RtcpCorpus)), (1, Gen.Byte.Array[0, 1500]));
        FuzzRun.Run("rtcp", gen, CheckRtcp, Mutator.Print);
    }

    private static void CheckRtp(byte[] packet)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        bool ok = RtpHeader.TryRead(packet, out var header, out var offset, out var length);
        bool isEvent = TelephoneEvent.TryRead(packet, out var dtmf);
        if (GC.GetAllocatedBytesForCurrentThread() != before)
        {
            throw new FuzzFinding("RTP reading allocated");
        }

        if (isEvent)
        {
            Span<byte> e = stackalloc byte[TelephoneEvent.Length];
            dtmf.Write(e);
            if (!TelephoneEvent.TryRead(e, out var back) || back != dtmf)
            {
                throw new FuzzFinding($"telephone-event round trip: {dtmf} read back as {back}");
            }
        }

        if (!ok)
        {
            return;
        }

        if (offset < RtpHeader.FixedLength || length < 0 || offset + length > packet.Length)
        {
            throw new FuzzFinding($"payload [{offset}, +{length}) outside a {packet.Length}-byte packet");
        }

        Span<byte> fixedHeader = stackalloc byte[RtpHeader.FixedLength];
        (header with { Padding = false, Extension = false, CsrcCount = 0 }).Write(fixedHeader);
        if (!RtpHeader.TryRead(fixedHeader, out var back2, out _, out _)
            || back2 != header with { Padding = false, Extension = false, CsrcCount = 0 })
        {
            throw new FuzzFinding($"RTP header round trip: {header} read back as {back2}");
        }
    }

    private static void CheckRtcp(byte[] datagram)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        bool valid = RtcpCompoundReader.IsValid(datagram);
        _ = RtcpCompoundReader.LooksLikeRtcp(datagram);
        var reader = new RtcpCompoundReader(datagram);
        int packets = 0, octets = 0;
        while (reader.TryRead(out var packet))
        {
            packets++;
            octets += 4 + packet.Body.Length;
            if (packets > (datagram.Length / 4) + 1)
            {
                throw new FuzzFinding($"{packets} packets read from {datagram.Length} octets");
            }

            if ((packet.Type is (byte)RtcpPacketType.SenderReport or (byte)RtcpPacketType.ReceiverReport) && packet.Body.Length >= 4)
            {
                // What the receive path reads: the sender info of an SR, then as many report blocks as the body holds.
                var rest = packet.Body[4..];
                if (packet.Type == (byte)RtcpPacketType.SenderReport && rest.Length >= RtcpSenderInfo.Length)
                {
                    _ = RtcpSenderInfo.Read(rest);
                    rest = rest[RtcpSenderInfo.Length..];
                }

                for (int i = 0; i < packet.Count && rest.Length >= RtcpReportBlock.Length; i++, rest = rest[RtcpReportBlock.Length..])
                {
                    _ = RtcpReportBlock.Read(rest);
                }
            }
        }

        if (GC.GetAllocatedBytesForCurrentThread() != before)
        {
            throw new FuzzFinding("RTCP reading allocated");
        }

        if (valid && (packets == 0 || octets > datagram.Length))
        {
            throw new FuzzFinding($"a valid compound read as {packets} packets, {octets} octets of {datagram.Length}");
        }
    }

    private static byte[] Rtp(byte first, byte second, int payload, int csrcs = 0, int extWords = 0, int padding = 0)
    {
        first = (byte)((first & 0xF0) | csrcs);
        var ext = (first & 0x10) != 0 ? 4 + (4 * extWords) : 0;
        var packet = new byte[12 + (4 * csrcs) + ext + payload + padding];
        packet[0] = first;
        packet[1] = second;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 4711);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 160_000);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0xDEADBEEF);
        if (ext > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12 + (4 * csrcs) + 2), (ushort)extWords);
        }

        for (int i = 0; i < payload; i++)
        {
            packet[packet.Length - padding - payload + i] = (byte)(i * 7);
        }

        if (padding > 0)
        {
            packet[^1] = (byte)padding;
        }

        return packet;
    }

    private static byte[] Rtcp(byte first, byte type, int lengthWords)
    {
        var packet = new byte[4 * (lengthWords + 1)];
        packet[0] = first;
        packet[1] = type;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)lengthWords);
        for (int i = 4; i < packet.Length; i++)
        {
            packet[i] = (byte)(i * 13);
        }

        if ((first & 0x20) != 0)
        {
            packet[^1] = 4;
        }

        return packet;
    }
}
