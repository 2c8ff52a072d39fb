using System.Diagnostics;
using System.Globalization;
using System.Text;
using EfficientAI.Telephony.Evaluation.Dialplans;
using EfficientAI.Telephony.Host.Cli;
using EfficientAI.Telephony.Host.Infrastructure;
using EfficientAI.Telephony.Host.Running;

namespace EfficientAI.Telephony.Host.Bench;

/// <summary>One sample of the soak: the process's state after <see cref="Minute"/> minutes.</summary>
public sealed record SoakSample(double Minute, int CallsDone, int CallsFailed, int InFlight, double ManagedMiB, double WorkingSetMiB, int OpenFiles, int Threads);

/// <summary>What a soak found: every sample, the failures, and the trends that decide pass or fail.</summary>
public sealed record SoakResult(IReadOnlyList<SoakSample> Samples, int Calls, int Failed, string? FirstFailure, double ManagedSlopeMiBPerMinute, int OpenFilesGrowth)
{
    /// <summary>Growth over the second half of the run that a leak would show; allocator noise stays well under it.</summary>
    public const double MaxManagedSlopeMiBPerMinute = 2.0;

    public const int MaxOpenFilesGrowth = 16;

    public bool Passed => Failed == 0 && ManagedSlopeMiBPerMinute <= MaxManagedSlopeMiBPerMinute && OpenFilesGrowth <= MaxOpenFilesGrowth;
}

/// <summary>
/// `bench soak`: <c>calls</c> concurrent full calls (the demo dialplan: scripted caller, reference agent, stored
/// nowhere) kept going for <c>minutes</c>; samples memory, open files and threads every few seconds, and fails on a
/// failed call, a managed-memory growth trend, or open files (sockets, RTP ports) that do not come back.
/// </summary>
internal static class SoakBenchmark
{
    public static async Task<SoakResult> RunAsync(int calls, double minutes, TextWriter progress, CancellationToken cancellationToken)
    {
        var plan = DialplanLoader.Load(HostPaths.Dialplan("demo.yaml"));
        await using var runtime = Runtime.Create(verbose: false);
        await using var agent = DemoCommand.StartAgent(runtime, plan);
        var runner = runtime.Runner();
        var samples = new List<SoakSample>();
        var done = 0;
        var failed = 0;
        var inFlight = 0;
        string? firstFailure = null;
        var clock = Stopwatch.StartNew();
        var duration = TimeSpan.FromMinutes(minutes);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        async Task CallerLoopAsync(int index)
        {
            // Start the callers spread over the first seconds, as a campaign ramps up.
            await Task.Delay(TimeSpan.FromMilliseconds(index * 50), runtime.Time, stop.Token).ConfigureAwait(false);
            while (clock.Elapsed < duration && !stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref inFlight);
                try
                {
                    var run = await runner.RunAsync(plan, agent.Uri, recordingPath: null, stop.Token).ConfigureAwait(false);
                    if (!run.Report.Passed)
                    {
                        Interlocked.Increment(ref failed);
                        Interlocked.CompareExchange(ref firstFailure, $"{run.Report.CallId}: {run.Report.Verdict} ({run.Report.VerdictCause ?? run.Report.Cause})", null);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstFailure, e.Message, null);
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                    Interlocked.Increment(ref done);
                }
            }
        }

        var loops = Enumerable.Range(0, calls).Select(CallerLoopAsync).ToList();
        var interval = TimeSpan.FromSeconds(Math.Clamp(minutes * 6, 5, 30));
        var all = Task.WhenAll(loops);
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(interval, runtime.Time, cancellationToken)).ConfigureAwait(false);
            var sample = Sample(clock.Elapsed.TotalMinutes, Volatile.Read(ref done), Volatile.Read(ref failed), Volatile.Read(ref inFlight));
            samples.Add(sample);
            progress.WriteLine(Line(sample));
        }

        await all.ConfigureAwait(false);

        // After the last call: what a leak leaves behind shows once the calls are gone.
        await Task.Delay(TimeSpan.FromSeconds(2), runtime.Time, cancellationToken).ConfigureAwait(false);
        var end = Sample(clock.Elapsed.TotalMinutes, done, failed, 0);
        samples.Add(end);
        progress.WriteLine(Line(end));

        var secondHalf = samples.Where(s => s.Minute >= minutes / 2 && s.InFlight > 0).ToList();
        var baselineFiles = samples.FirstOrDefault(s => s.InFlight >= calls)?.OpenFiles ?? samples[0].OpenFiles;
        var steady = samples.Where(s => s.InFlight >= calls).Select(s => s.OpenFiles).DefaultIfEmpty(baselineFiles).Max();
        return new SoakResult(samples, done, failed, firstFailure, Slope(secondHalf), steady - baselineFiles);
    }

    public static string Table(SoakResult result, int calls, double minutes)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"soak: {calls} concurrent calls (dialplans/demo.yaml against the reference agent) for {minutes:0.#} min");
        sb.AppendLine("| minute | calls done | failed | in flight | managed MiB | working set MiB | open files | threads |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in result.Samples)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {s.Minute:0.0} | {s.CallsDone} | {s.CallsFailed} | {s.InFlight} | {s.ManagedMiB:0.0} | {s.WorkingSetMiB:0.0} | {s.OpenFiles} | {s.Threads} |");
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"calls {result.Calls}, failed {result.Failed}{(result.FirstFailure is null ? "" : $" (first: {result.FirstFailure})")}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"managed memory trend over the second half: {result.ManagedSlopeMiBPerMinute:+0.00;-0.00} MiB/min (limit {SoakResult.MaxManagedSlopeMiBPerMinute} MiB/min)");
        sb.AppendLine(CultureInfo.InvariantCulture, $"open files at full load, growth over the run: {result.OpenFilesGrowth} (limit {SoakResult.MaxOpenFilesGrowth})");
        sb.AppendLine(result.Passed ? "soak passed" : "soak FAILED");
        return sb.ToString();
    }

    private static SoakSample Sample(double minute, int done, int failed, int inFlight)
    {
        using var process = Process.GetCurrentProcess();
        return new SoakSample(
            minute,
            done,
            failed,
            inFlight,
            GC.GetTotalMemory(forceFullCollection: true) / 1048576.0,
            process.WorkingSet64 / 1048576.0,
            OpenFiles(),
            process.Threads.Count);
    }

    private static int OpenFiles()
    {
        try
        {
            return Directory.GetFiles("/proc/self/fd").Length;
        }
        catch (IOException)
        {
            return -1;
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
    }

    private static string Line(SoakSample s) => string.Create(CultureInfo.InvariantCulture,
        $"efficientai: soak {s.Minute:0.0} min: {s.CallsDone} calls done, {s.CallsFailed} failed, {s.InFlight} in flight, managed {s.ManagedMiB:0.0} MiB, {s.OpenFiles} open files");

    /// <summary>Least-squares slope of managed memory over time, MiB per minute; 0 with fewer than three samples.</summary>
    private static double Slope(IReadOnlyList<SoakSample> samples)
    {
        if (samples.Count < 3)
        {
            return 0;
        }

        var mx = samples.Average(s => s.Minute);
        var my = samples.Average(s => s.ManagedMiB);
        var num = samples.Sum(s => (s.Minute - mx) * (s.ManagedMiB - my));
        var den = samples.Sum(s => (s.Minute - mx) * (s.Minute - mx));
        return den == 0 ? 0 : num / den;
    }
}
