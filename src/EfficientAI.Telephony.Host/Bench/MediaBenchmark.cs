using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EfficientAI.Telephony.Host.Bench;

/// <summary>One row of the media table.</summary>
public sealed record MediaRow(
    string Client,
    int Calls,
    int Failed,
    long PacketsSent,
    long? PacketsReceived,
    double CpuSeconds,
    double? LatePercent,
    double? LossPercent,
    long? ManagedBytesPerCall,
    string CpuMeasuredAs)
{
    /// <summary>Packets this client handled: what it sent plus what it received and decoded.</summary>
    public long PacketsHandled => PacketsSent + (PacketsReceived ?? 0);

    public double MicrosecondsPerPacket => PacketsHandled == 0 ? double.NaN : CpuSeconds * 1e6 / PacketsHandled;
}

/// <summary>
/// `bench media`: for each call count, in one invocation on loopback, (a) a SIPp UAC playing the G.711 pcap that
/// sip-tester ships to a `sipp -sn uas -rtp_echo`, and (b) our UAC holding the same number of full-duplex G.711 calls
/// to the same kind of echo peer for the same time; CPU per packet of each client, late frames, loss, memory per call.
/// </summary>
internal static class MediaBenchmark
{
    private const string Pcap = "/usr/share/sip-tester/g711a.pcap";

    public static async Task<IReadOnlyList<MediaRow>> RunAsync(IReadOnlyList<int> callCounts, int seconds, string hostExecutable, CancellationToken cancellationToken)
    {
        if (!File.Exists(Pcap))
        {
            throw new FileNotFoundException($"{Pcap} is missing: install the Debian package sip-tester (scripts/ensure-deps test)");
        }

        var (pcapPackets, pcapSeconds) = PcapSummary(Pcap);
        var plays = (int)Math.Ceiling(seconds / pcapSeconds);
        var rows = new List<MediaRow>();
        foreach (var calls in callCounts)
        {
            rows.Add(await RunSippAsync(calls, plays, pcapPackets, pcapSeconds, cancellationToken).ConfigureAwait(false));
            rows.Add(await RunOursAsync(hostExecutable, calls, seconds, cancellationToken).ConfigureAwait(false));
        }

        return rows;
    }

    public static string Table(IReadOnlyList<MediaRow> rows, int seconds)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"media benchmark: G.711, 20 ms frames, {seconds} s of media per call on loopback against `sipp -sn uas -rtp_echo`");
        sb.AppendLine("| client | calls | failed | packets sent | packets received | CPU s | µs CPU/packet | late frames > 2 ms | loss | managed memory/call | CPU measured as |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in rows)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Client} | {r.Calls} | {r.Failed} | {r.PacketsSent} | {Or(r.PacketsReceived)} | {r.CpuSeconds:0.00} | {r.MicrosecondsPerPacket:0.00} | {Percent(r.LatePercent)} | {Percent(r.LossPercent)} | {(r.ManagedBytesPerCall is { } m ? $"{m / 1024.0:0.0} KiB" : "n/a")} | {r.CpuMeasuredAs} |");
        }

        foreach (var pair in rows.Chunk(2).Where(p => p.Length == 2 && p[0].MicrosecondsPerPacket > 0))
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"{pair[0].Calls} calls: ratio ours/SIPp µs CPU per packet handled {pair[1].MicrosecondsPerPacket / pair[0].MicrosecondsPerPacket:0.00}" +
                $" (SIPp only sends; ours sends, receives, jitter-buffers and decodes every echoed packet)");
        }

        return sb.ToString();

        static string Or(long? value) => value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "n/a";

        static string Percent(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) + " %" : "n/a";
    }

    private static async Task<MediaRow> RunSippAsync(int calls, int plays, int pcapPackets, double pcapSeconds, CancellationToken cancellationToken)
    {
        var uasPort = BenchProcesses.FreePort();
        using var uas = BenchProcesses.Start("sipp", ["-sn", "uas", "-rtp_echo", "-i", "127.0.0.1", "-mi", "127.0.0.1", "-mp", BenchProcesses.Str(BenchProcesses.FreePort()), "-p", BenchProcesses.Str(uasPort), "-nostdin"]);
        var scenario = Path.Combine(Path.GetTempPath(), $"efficientai-bench-media-{Environment.ProcessId}.xml");
        await File.WriteAllTextAsync(scenario, SippScenario(plays, pcapSeconds), cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            var rate = Math.Min(200, calls);
            var timeout = (int)(plays * pcapSeconds) + (calls / rate) + 60;
            var command = $"sipp 127.0.0.1:{uasPort} -sf {scenario} -i 127.0.0.1 -mi 127.0.0.1 -p {BenchProcesses.FreePort()} -r {rate} -l {calls} -m {calls} -nostdin -timeout {timeout}";
            var (output, _) = await BenchProcesses.RunToEndAsync("bash", ["-c", $"{command} ; times"], cancellationToken).ConfigureAwait(false);
            var ok = BenchProcesses.LastCount(output, "Successful call");
            var failed = BenchProcesses.LastCount(output, "Failed call");
            return new MediaRow("SIPp UAC (pcap play)", calls, failed + Math.Max(0, calls - ok - failed), (long)ok * plays * pcapPackets, null,
                BenchProcesses.ChildrenCpu(output), null, null, null, "process user+sys (bash times), whole run");
        }
        finally
        {
            File.Delete(scenario);
            if (!uas.HasExited)
            {
                uas.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<MediaRow> RunOursAsync(string hostExecutable, int calls, int seconds, CancellationToken cancellationToken)
    {
        var uasPort = BenchProcesses.FreePort();
        using var uas = BenchProcesses.Start("sipp", ["-sn", "uas", "-rtp_echo", "-i", "127.0.0.1", "-mi", "127.0.0.1", "-mp", BenchProcesses.Str(BenchProcesses.FreePort()), "-p", BenchProcesses.Str(uasPort), "-nostdin"]);
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            var (output, code) = await BenchProcesses.RunToEndAsync("dotnet",
                [hostExecutable, "bench", "media-client", "--target", $"sip:service@127.0.0.1:{uasPort}", "--calls", BenchProcesses.Str(calls), "--seconds", BenchProcesses.Str(seconds)],
                cancellationToken).ConfigureAwait(false);
            var json = output.Split('\n').LastOrDefault(l => l.StartsWith('{'));
            if (code != 0 || json is null)
            {
                throw new InvalidOperationException($"our media client failed ({code}):\n{output}");
            }

            var r = JsonSerializer.Deserialize<MediaClientResult>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            return new MediaRow("EfficientAI UAC (duplex)", r.Calls, r.Failed, r.PacketsSent, r.PacketsReceived, r.CpuSeconds,
                r.Frames == 0 ? null : 100.0 * r.LateFrames / r.Frames,
                r.PacketsSent == 0 ? null : 100.0 * Math.Max(0, r.PacketsSent - r.PacketsReceived) / r.PacketsSent,
                r.ManagedBytesPerCall, "process CPU over the media phase");
        }
        finally
        {
            if (!uas.HasExited)
            {
                uas.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>SIPp's UAC flow with the pcap played <paramref name="plays"/> times back to back, then BYE.</summary>
    private static string SippScenario(int plays, double pcapSeconds)
    {
        var media = new StringBuilder();
        var pause = (int)Math.Round(pcapSeconds * 1000);
        for (var i = 0; i < plays; i++)
        {
            media.Append(CultureInfo.InvariantCulture, $"""
                  <nop><action><exec play_pcap_audio="{Pcap}"/></action></nop>
                  <pause milliseconds="{pause}"/>

                """);
        }

        return $$"""
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <scenario name="efficientai media bench uac">
              <send retrans="500"><![CDATA[
            INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
            Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
            From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
            To: [service] <sip:[service]@[remote_ip]:[remote_port]>
            Call-ID: [call_id]
            CSeq: 1 INVITE
            Contact: sip:sipp@[local_ip]:[local_port]
            Max-Forwards: 70
            Content-Type: application/sdp
            Content-Length: [len]

            v=0
            o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
            s=-
            c=IN IP[media_ip_type] [media_ip]
            t=0 0
            m=audio [auto_media_port] RTP/AVP 8
            a=rtpmap:8 PCMA/8000
            ]]></send>
              <recv response="100" optional="true"/>
              <recv response="180" optional="true"/>
              <recv response="200" rtd="true"/>
              <send><![CDATA[
            ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
            Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
            From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
            To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
            Call-ID: [call_id]
            CSeq: 1 ACK
            Contact: sip:sipp@[local_ip]:[local_port]
            Max-Forwards: 70
            Content-Length: 0
            ]]></send>
            {{media}}
              <send retrans="500"><![CDATA[
            BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
            Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
            From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
            To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
            Call-ID: [call_id]
            CSeq: 2 BYE
            Contact: sip:sipp@[local_ip]:[local_port]
            Max-Forwards: 70
            Content-Length: 0
            ]]></send>
              <recv response="200"/>
            </scenario>
            """;
    }

    /// <summary>Packets and duration of a classic pcap file (libpcap format, either byte order).</summary>
    internal static (int Packets, double Seconds) PcapSummary(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var magic = BitConverter.ToUInt32(bytes, 0);
        var swap = magic is 0xd4c3b2a1 or 0x4d3cb2a1;
        var nanos = magic is 0xa1b23c4d or 0x4d3cb2a1;
        uint U32(int at) => swap ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at)) : BitConverter.ToUInt32(bytes, at);
        var packets = 0;
        double first = 0, last = 0;
        for (var at = 24; at + 16 <= bytes.Length;)
        {
            var time = U32(at) + (U32(at + 4) / (nanos ? 1e9 : 1e6));
            if (packets == 0)
            {
                first = time;
            }

            last = time;
            packets++;
            at += 16 + (int)U32(at + 8);
        }

        return (packets, Math.Max(0.02, last - first + 0.02));
    }
}
