using EfficientAI.Telephony.Evaluation.Dialplans;
using EfficientAI.Telephony.Host.Cli;
using EfficientAI.Telephony.Host.Infrastructure;
using EfficientAI.Telephony.Host.Running;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Storage.Runs;

namespace EfficientAI.Telephony.Host.Api;

/// <summary>
/// Runs queued runs on this node, one at a time: claims the oldest (FOR UPDATE SKIP LOCKED, so several workers can
/// share one database), places its calls the way `demo` does (the reference agent, unless the run names a target),
/// stores each call with the run's id and counts it. Woken by <see cref="Wake"/> when this node queues a run, and
/// polls every <see cref="PollInterval"/> for runs queued elsewhere.
/// </summary>
internal sealed class RunWorker(ResultStore store, Runtime runtime, ILogger<RunWorker> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    public void Wake() => _wake.Release();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            RunRecord? run;
            try
            {
                run = await store.Runs.ClaimNextAsync(runtime.Time.GetUtcNow(), stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                ApiLog.ClaimFailed(logger, ex.Message);
                run = null;
            }

            if (run is null)
            {
                using var timeout = new CancellationTokenSource(PollInterval, runtime.Time);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
                try
                {
                    await _wake.WaitAsync(either.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The poll interval passed without a wake-up: look for runs queued by other nodes.
                }

                continue;
            }

            await ExecuteRunAsync(run, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task ExecuteRunAsync(RunRecord run, CancellationToken stoppingToken)
    {
        ApiLog.RunStarted(logger, run.Id, run.DialplanName, run.CallsTotal);
        string? error = null;
        try
        {
            var plan = DialplanLoader.Parse(run.DialplanYaml, run.DialplanName);
            for (var i = 0; i < run.CallsTotal; i++)
            {
                var recording = DemoCommand.NewRecordingPath();
                CallRun call;
                if (run.Target is { } target)
                {
                    if (!SipUri.TryParse(target, out var uri, out var parseError))
                    {
                        throw new DialplanException([new DialplanError("target", 0, 0, "target", parseError ?? "not a SIP URI")]);
                    }

                    call = await runtime.Runner().RunAsync(plan, uri, recording, stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    call = await DemoCommand.RunAgainstReferenceAgentAsync(runtime, plan, recording, stoppingToken).ConfigureAwait(false);
                }

                await store.StoreAsync(call, run.Id, stoppingToken).ConfigureAwait(false);
                await store.Runs.CallFinishedAsync(run.Id, call.Report.Passed, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            error = ex.Message;
            ApiLog.RunFailed(logger, run.Id, ex.Message);
        }
        catch (OperationCanceledException)
        {
            error = "the server stopped during the run";
        }

        await store.Runs.FinishAsync(run.Id, runtime.Time.GetUtcNow(), error, CancellationToken.None).ConfigureAwait(false);
        ApiLog.RunFinished(logger, run.Id, error is null ? RunStatus.Done : RunStatus.Failed);
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}

internal static partial class ApiLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "run {RunId} ({Dialplan}, {Calls} call(s)) started")]
    public static partial void RunStarted(ILogger logger, long runId, string dialplan, int calls);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "run {RunId} finished: {Status}")]
    public static partial void RunFinished(ILogger logger, long runId, string status);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "run {RunId} failed: {Error}")]
    public static partial void RunFailed(ILogger logger, long runId, string error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "could not claim a queued run: {Error}")]
    public static partial void ClaimFailed(ILogger logger, string error);
}
