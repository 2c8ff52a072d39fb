using System.Diagnostics;
using System.Globalization;
using CsCheck;

namespace EfficientAI.Telephony.Fuzz.Tests;

/// <summary>
/// Runs one fuzz target: a CsCheck generator sampled on one thread, for a time or an iteration budget taken from the
/// environment, with a per-input hang watchdog and a per-input allocation bound. The test suite runs every target for a
/// few seconds; <c>scripts/fuzz</c> runs them long through the same tests.
/// </summary>
/// <remarks>
/// Environment: <c>FUZZ_SECONDS</c> (default 3) or <c>FUZZ_ITERATIONS</c> (wins when set), <c>FUZZ_SEED</c> (a CsCheck
/// seed printed by a failure, to replay it), <c>FUZZ_HANG_MS</c> (one input taking longer is a hang finding; default
/// 5000 in the suite so a busy box cannot fail it, 1000 in scripts/fuzz), <c>FUZZ_REPORT</c> (a file each target
/// appends "target executions seconds findings" to).
/// </remarks>
internal static class FuzzRun
{
    private static long _inputStart;
    private static string? _inputTarget;
    private static Func<string>? _describe;

    public static long HangMilliseconds { get; } = EnvLong("FUZZ_HANG_MS") ?? 5000;

    static FuzzRun()
    {
        // An input that never returns cannot be interrupted in .NET: the watchdog prints it and ends the process, so
        // a hang is reported (with the input to replay) rather than blocking the run until the session timeout.
        var watchdog = new Thread(Watch) { IsBackground = true, Name = "fuzz watchdog" };
        watchdog.Start();
    }

    /// <summary>Samples <paramref name="gen"/>, checking <paramref name="property"/> on each input; throws on the first finding.</summary>
    public static void Run<T>(string target, Gen<T> gen, Action<T> property, Func<T, string> print)
    {
        long executions = 0;
        var iterations = EnvLong("FUZZ_ITERATIONS");
        var seconds = iterations is null ? (int)(EnvLong("FUZZ_SECONDS") ?? 3) : -1;
        var seed = Environment.GetEnvironmentVariable("FUZZ_SEED");
        var clock = Stopwatch.StartNew();
        int findings = 0;
        try
        {
            gen.Sample(
                input =>
                {
                    Interlocked.Increment(ref executions);
                    _describe = () => print(input);
                    _inputTarget = target;
                    var start = Stopwatch.GetTimestamp();
                    Volatile.Write(ref _inputStart, start);
                    try
                    {
                        property(input);
                    }
                    finally
                    {
                        Volatile.Write(ref _inputStart, 0);
                    }

                    var elapsed = Stopwatch.GetElapsedTime(start);
                    if (elapsed.TotalMilliseconds > HangMilliseconds)
                    {
                        throw new FuzzFinding($"hang: one input took {elapsed.TotalMilliseconds:F0} ms (limit {HangMilliseconds} ms)");
                    }
                },
                writeLine: _ => { },
                seed: string.IsNullOrEmpty(seed) ? null : seed,
                iter: iterations ?? -1,
                time: seconds,
                threads: 1,
                print: print);
        }
        catch (Exception)
        {
            findings = 1;
            throw;
        }
        finally
        {
            Report(target, executions, clock.Elapsed.TotalSeconds, findings);
        }

        Assert.True(executions > 0, $"{target}: the fuzz run executed no input");
    }

    /// <summary>
    /// Runs <paramref name="parse"/> and fails when it allocates more than <paramref name="perByte"/> bytes per input
    /// byte plus <paramref name="constant"/>: a parser that sizes anything from a length field it read must not be
    /// able to ask for memory the input does not hold.
    /// </summary>
    public static TResult Bounded<TResult>(int inputLength, long perByte, long constant, Func<TResult> parse)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = parse();
        var used = GC.GetAllocatedBytesForCurrentThread() - before;
        var limit = (perByte * inputLength) + constant;
        if (used > limit)
        {
            throw new FuzzFinding($"unbounded allocation: {used} bytes for a {inputLength}-byte input (limit {limit})");
        }

        return result;
    }

    private static void Report(string target, long executions, double seconds, int findings)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{target} {executions} {seconds:F1} {findings}");
        Console.WriteLine($"fuzz: {line}");
        if (Environment.GetEnvironmentVariable("FUZZ_REPORT") is { Length: > 0 } file)
        {
            lock (typeof(FuzzRun))
            {
                File.AppendAllText(file, line + Environment.NewLine);
            }
        }
    }

    private static void Watch()
    {
        while (true)
        {
            Thread.Sleep(250);
            var start = Volatile.Read(ref _inputStart);
            if (start == 0)
            {
                continue;
            }

            var elapsed = Stopwatch.GetElapsedTime(start);
            if (elapsed.TotalMilliseconds > Math.Max(HangMilliseconds * 10, 10_000) && start == Volatile.Read(ref _inputStart))
            {
                string input;
                try
                {
                    input = _describe?.Invoke() ?? "?";
                }
                catch (Exception ex)
                {
                    input = $"(could not print the input: {ex.Message})";
                }

                Environment.FailFast($"fuzz {_inputTarget}: hang, one input has run for {elapsed.TotalSeconds:F0} s: {input}");
            }
        }
    }

    private static long? EnvLong(string name) =>
        long.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : null;
}

/// <summary>A property the fuzzer found broken: an unexpected exception, a hang, an allocation or a round-trip mismatch.</summary>
internal sealed class FuzzFinding(string message) : Exception(message);
