using System.Collections.Concurrent;
using System.Text.Json;
using EfficientAI.Telephony.Calls;
using EfficientAI.Telephony.Conversation.Agent;
using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Conversation.Timeline;
using EfficientAI.Telephony.Media.Pacing;
using EfficientAI.Telephony.Sip.Messages;
using EfficientAI.Telephony.Sip.UserAgent;
using Microsoft.Extensions.Logging;

namespace EfficientAI.Telephony.ReferenceAgent;

/// <summary>
/// The built-in voice agent: a UAS on its own SIP user agent that answers every call, greets, waits for the caller's
/// end of turn, replies from its script, and records when each reply started relative to the caller's last sample.
/// </summary>
public sealed class ReferenceAgentServer : IAsyncDisposable
{
    private readonly ReferenceAgentOptions _options;
    private readonly ITextToSpeech _tts;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly SipUserAgent _userAgent;
    private readonly CallAnswerer _answerer;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<GroundTruthRecord>> _truth = new();
    private readonly ConcurrentQueue<(string CallId, long At)> _completed = new();

    /// <summary>How long a finished call's ground truth stays available to <see cref="GroundTruthAsync"/>.</summary>
    public static readonly TimeSpan GroundTruthRetention = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<Task, byte> _calls = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _logWrite = new(1, 1);
    private int _callCount;

    private ReferenceAgentServer(ReferenceAgentOptions options, ITextToSpeech tts, MediaPacer pacer, CallMediaOptions media, TimeProvider time, ILoggerFactory loggers)
    {
        _options = options;
        _tts = tts;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ReferenceAgentServer>();
        // UDP and TCP on the same port, so sip:agent@host:port;transport=tcp reaches the same agent (RFC 3263 §4.2).
        var sip = new SipUserAgentOptions
        {
            ListenEndPoint = options.Listen,
            UserName = "agent",
            Transports = [new SipListener(SipTransportKind.Udp), new SipListener(SipTransportKind.Tcp)],
        };
        _userAgent = SipUserAgent.Start(sip, time, loggers.CreateLogger("EfficientAI.Telephony.ReferenceAgent.Sip"));
        _userAgent.IncomingCall = OnIncomingCall;
        _answerer = new CallAnswerer(pacer, media, time, loggers);
    }

    public static ReferenceAgentServer Start(ReferenceAgentOptions options, ITextToSpeech tts, MediaPacer pacer, CallMediaOptions media, TimeProvider time, ILoggerFactory loggers) =>
        new(options, tts, pacer, media, time, loggers);

    /// <summary>The URI to call: sip:agent@address:port.</summary>
    public SipUri Uri => _userAgent.ContactUri;

    public int ActiveCalls => _calls.Count;

    /// <summary>Waits for the ground truth of a call (it is final once the call has ended on the agent's side).</summary>
    public Task<GroundTruthRecord> GroundTruthAsync(string callId, CancellationToken cancellationToken) =>
        _truth.GetOrAdd(callId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(cancellationToken);

    private Task OnIncomingCall(IncomingInvite invite)
    {
        var task = HandleCallSafelyAsync(invite);
        _calls.TryAdd(task, 0);
        _ = task.ContinueWith(t => _calls.TryRemove(t, out _), TaskScheduler.Default);
        return task;
    }

    private async Task HandleCallSafelyAsync(IncomingInvite invite)
    {
        try
        {
            await HandleCallAsync(invite).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            ReferenceAgentLog.CallFailed(_logger, invite.CallId, ex);
            invite.Reject(500, "Reference agent failure");
            Complete(invite.CallId, new GroundTruthRecord(invite.CallId, [], "error: " + ex.Message));
        }
    }

    private async Task HandleCallAsync(IncomingInvite invite)
    {
        var timeline = new CallTimeline(8000);
        var agent = new AgentConversation(
            _options.ToConversationOptions(Interlocked.Increment(ref _callCount) - 1),
            _tts,
            timeline,
            _time,
            _loggers.CreateLogger<AgentConversation>());

        invite.SendProvisional(180);
        // Prepare the audio before answering, so the greeting starts on the first frames after the answer.
        await agent.StartAsync(_stopping.Token).ConfigureAwait(false);
        var media = new AgentMedia(agent);
        var session = await _answerer.AnswerAsync(invite, media, media, _stopping.Token).ConfigureAwait(false);
        if (session is null)
        {
            Complete(invite.CallId, new GroundTruthRecord(invite.CallId, [], "rejected"));
            return;
        }

        string endReason;
        await using (session.ConfigureAwait(false))
        {
            using var limitCancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            var limit = Task.Delay(_options.MaxCallDuration, _time, limitCancel.Token);
            agent.SendDtmf = digit => session.Media.QueueDtmf(digit);
            var signalling = RunSignallingAsync(session, limitCancel.Token);
            var first = await Task.WhenAny(session.Ended, limit, agent.HangUpRequested, signalling).ConfigureAwait(false);
            await limitCancel.CancelAsync().ConfigureAwait(false);
            if (first == session.Ended)
            {
                endReason = (await session.Ended.ConfigureAwait(false)).Reason == CallEndReason.RemoteHangup ? "caller-hangup" : "agent-hangup";
            }
            else if (first == signalling && await signalling.ConfigureAwait(false) is { } transferred)
            {
                endReason = transferred;
                await session.HangUpAsync(CancellationToken.None).ConfigureAwait(false);
            }
            else if (first == agent.HangUpRequested)
            {
                endReason = "agent-hangup";
                await session.HangUpAsync(CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                endReason = _stopping.IsCancellationRequested ? "shutdown" : "max-duration";
                await session.HangUpAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        // The caller's samples were stamped with the first packet's transit; the best estimate is the minimum transit.
        var correctionMs = media.Clock.Correction * 1000.0 / 8000;
        var turns = agent.GroundTruth
            .Select(t => t with { CallerLastVoicedSample = t.CallerLastVoicedSample + media.Clock.Correction, LatencyMs = t.LatencyMs - correctionMs })
            .ToList();
        var correction = media.Clock.Correction;
        var events = agent.Events
            .Select(e => e.HeardSample is { } heard ? e with { HeardSample = heard + correction } : e)
            .ToList();
        var record = new GroundTruthRecord(invite.CallId, turns, endReason) { Events = events };
        await AppendLogAsync(record).ConfigureAwait(false);
        Complete(invite.CallId, record);
    }

    /// <summary>
    /// The agent's own moves in the dialog: hold and resume, and the transfer. Completes with the end reason when the
    /// agent is done with the call (it transferred it); otherwise never before the call ends.
    /// </summary>
    private async Task<string?> RunSignallingAsync(CallSession session, CancellationToken cancellationToken)
    {
        try
        {
            var answeredAt = _time.GetTimestamp();
            if (_options.HoldAfter is { } holdAfter)
            {
                await Task.Delay(holdAfter, _time, cancellationToken).ConfigureAwait(false);
                var held = await session.HoldAsync(true, cancellationToken).ConfigureAwait(false);
                ReferenceAgentLog.Hold(_logger, session.CallId, "hold", held.Status);
                await Task.Delay(_options.HoldFor, _time, cancellationToken).ConfigureAwait(false);
                var resumed = await session.HoldAsync(false, cancellationToken).ConfigureAwait(false);
                ReferenceAgentLog.Hold(_logger, session.CallId, "resume", resumed.Status);
            }

            var transferTo = _options.TransferTo ?? (_options.TransferToUser is { } user ? Uri.WithUser(user) : null);
            if (transferTo is { } target)
            {
                var wait = _options.TransferAfter - _time.GetElapsedTime(answeredAt);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                }

                var refer = await session.Dialog.ReferAsync(target, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
                return refer.Succeeded
                    ? $"transferred:{target}"
                    : $"transfer-failed:{target}:{refer.ReferStatus}/{refer.TransferStatus}";
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or System.Net.Sockets.SocketException)
        {
            ReferenceAgentLog.SignallingFailed(_logger, session.CallId, ex);
        }

        await Task.Delay(Timeout.InfiniteTimeSpan, _time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        return null;
    }

    private void Complete(string callId, GroundTruthRecord record)
    {
        _truth.GetOrAdd(callId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(record);

        // Records are fetched right after their call; an agent that runs for days keeps only the recent ones.
        var now = _time.GetTimestamp();
        _completed.Enqueue((callId, now));
        while (_completed.TryPeek(out var oldest) && _time.GetElapsedTime(oldest.At, now) > GroundTruthRetention && _completed.TryDequeue(out oldest))
        {
            _truth.TryRemove(oldest.CallId, out _);
        }
    }

    private async Task AppendLogAsync(GroundTruthRecord record)
    {
        if (_options.GroundTruthPath is not { } path)
        {
            return;
        }

        var line = JsonSerializer.Serialize(record, GroundTruthJson.Options) + "\n";
        await _logWrite.WaitAsync().ConfigureAwait(false);
        try
        {
            await File.AppendAllTextAsync(path, line).ConfigureAwait(false);
        }
        finally
        {
            _logWrite.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_calls.Keys).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // calls in progress were cut short by the shutdown
        }

        await _userAgent.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
        _logWrite.Dispose();
    }
}

internal static class GroundTruthJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
