using EfficientAI.Telephony.Conversation.Playback;
using EfficientAI.Telephony.Conversation.Timeline;

namespace EfficientAI.Telephony.Conversation.Agent;

/// <summary>The pacer's side of the agent: what goes out in each frame. No locks, no allocation per frame.</summary>
public sealed partial class AgentConversation
{
    /// <summary>Fills the next outgoing frame (agent audio or silence). Pacer thread only; never blocks.</summary>
    public void ReadAgentFrame(long sampleIndex, Span<short> frame)
    {
        AgentClips? clips = Volatile.Read(ref _clips);
        if (clips is null || _hangUpAt == long.MaxValue)
        {
            frame.Clear();
            return;
        }

        if (_firstSample == long.MinValue)
        {
            _firstSample = sampleIndex;
        }

        if (_player.IsPlaying)
        {
            HonourStopRequest(sampleIndex);
        }

        if (_hangUpAt >= 0 && sampleIndex >= _hangUpAt)
        {
            HangUp(sampleIndex);
            frame.Clear();
            return;
        }

        if (!_player.IsPlaying)
        {
            StartNext(clips, sampleIndex);
        }

        if (_player.Fill(frame))
        {
            StopPlayback(interrupted: false);
        }
    }

    private void StartNext(AgentClips clips, long sampleIndex)
    {
        if (_openingPosition < clips.Opening.Length)
        {
            if (sampleIndex >= _firstSample + _greetingDelaySamples)
            {
                OpeningClip clip = clips.Opening[_openingPosition++];
                StartPlayback(clip.Utterance, clip.Kind, sampleIndex);
            }

            return;
        }

        if (_options.DtmfAfterOpening is { } digits && _dtmfPosition < digits.Length)
        {
            // Until the call owner has wired the sender, the digits wait.
            if (sampleIndex >= _nextDtmfAt && SendDtmf is { } send)
            {
                char digit = digits[_dtmfPosition++];
                _nextDtmfAt = sampleIndex + _dtmfSpacingSamples;
                if (send(digit))
                {
                    Timeline.Append(sampleIndex, TimelineEventKind.DtmfSent, Speaker.Agent, digit.ToString());
                    _events.Enqueue(new AgentEvent(AgentEventKind.DtmfSent, sampleIndex, null, digit.ToString()));
                }
            }

            return;
        }

        if (sampleIndex < _nextDtmfAt || !_requests.TryPeek(out PlayRequest request) || sampleIndex < request.NotBefore)
        {
            return;
        }

        _requests.Dequeue();
        Utterance clipToPlay = request.Kind == AgentClipKind.IvrChoice
            ? clips.IvrChoices.GetValueOrDefault((char)request.Index) ?? clips.IvrInvalid!
            : clips.Replies[request.Index];
        StartPlayback(clipToPlay, request.Kind, sampleIndex);
        if (!clipToPlay.HasSpeech)
        {
            return;
        }

        long firstVoiced = sampleIndex + clipToPlay.FirstVoicedOffset;
        if (request.Kind == AgentClipKind.Interrupting)
        {
            _events.Enqueue(new AgentEvent(AgentEventKind.InterruptedCaller, firstVoiced, request.Heard));
        }
        else
        {
            double latencyMs = Timeline.ToMilliseconds(firstVoiced - request.Heard);
            _groundTruth.Enqueue(new GroundTruthTurn(request.Heard, firstVoiced, latencyMs, clipToPlay.Text));
            _events.Enqueue(new AgentEvent(AgentEventKind.ReplyStarted, firstVoiced, request.Heard, clipToPlay.Text));
            AgentLog.ReplyStarted(_logger, clipToPlay.Text, latencyMs);
        }

        if (request.Kind != AgentClipKind.IvrChoice && ++_repliesStarted == _options.HangUpDuringReply)
        {
            _hangUpAt = sampleIndex + _hangUpAfterSamples;
        }
    }

    private void HonourStopRequest(long sampleIndex)
    {
        long stopAt = Volatile.Read(ref _stopAt);
        if (stopAt < 0 || sampleIndex < stopAt)
        {
            return;
        }

        long heard = Volatile.Read(ref _stopHeard);
        Interlocked.CompareExchange(ref _stopAt, -1, stopAt);

        // Only the clip the caller talked over stops; one started after the onset answers it.
        if (_player.StartSample > heard)
        {
            return;
        }

        long lastVoiced = _player.LastVoicedPlayed(_vad);
        StopPlayback(interrupted: true);
        _events.Enqueue(new AgentEvent(AgentEventKind.StoppedForCaller, lastVoiced < 0 ? sampleIndex : lastVoiced, heard));
    }

    private void HangUp(long sampleIndex)
    {
        if (_player.IsPlaying)
        {
            StopPlayback(interrupted: true);
        }

        _hangUpAt = long.MaxValue;
        Volatile.Write(ref _hungUpFlag, 1);
        Timeline.Append(sampleIndex, TimelineEventKind.HangupSent, Speaker.Agent);
        _events.Enqueue(new AgentEvent(AgentEventKind.HungUp, sampleIndex, null));
        _hangUp.TrySetResult(sampleIndex);
    }

    private void StartPlayback(Utterance utterance, AgentClipKind kind, long sampleIndex)
    {
        _player.Start(utterance, sampleIndex);
        _playingKind = kind;
        Volatile.Write(ref _playingFrom, sampleIndex);
        Volatile.Write(ref _playingUntil, sampleIndex + utterance.Samples.Length);
        Timeline.Append(sampleIndex, TimelineEventKind.TtsStarted, Speaker.Agent, utterance.Text);
        if (utterance.HasSpeech)
        {
            Timeline.Append(sampleIndex + utterance.FirstVoicedOffset, TimelineEventKind.SpeechStarted, Speaker.Agent);
        }

        switch (kind)
        {
            case AgentClipKind.Greeting when utterance.HasSpeech:
                _events.Enqueue(new AgentEvent(AgentEventKind.GreetingStarted, sampleIndex + utterance.FirstVoicedOffset, null));
                break;
            case AgentClipKind.Beep:
                _events.Enqueue(new AgentEvent(AgentEventKind.BeepStarted, sampleIndex, null));
                break;
            case AgentClipKind.HoldMusic:
                _events.Enqueue(new AgentEvent(AgentEventKind.HoldMusicStarted, sampleIndex, null));
                break;
        }
    }

    private void StopPlayback(bool interrupted)
    {
        Utterance utterance = _player.Current!;
        long end = _player.PlayedUntil;
        long lastVoiced = interrupted
            ? _player.LastVoicedPlayed(_vad)
            : (utterance.HasSpeech ? _player.StartSample + utterance.LastVoicedOffset : -1);
        _player.Stop();
        Volatile.Write(ref _playingUntil, end);
        Timeline.Append(end, interrupted ? TimelineEventKind.TtsInterrupted : TimelineEventKind.TtsFinished, Speaker.Agent);
        if (lastVoiced >= 0)
        {
            Timeline.Append(lastVoiced, TimelineEventKind.SpeechEnded, Speaker.Agent);
        }

        if (_playingKind == AgentClipKind.Beep)
        {
            _events.Enqueue(new AgentEvent(AgentEventKind.BeepEnded, end, null));
        }
        else if (_playingKind == AgentClipKind.HoldMusic)
        {
            _events.Enqueue(new AgentEvent(AgentEventKind.HoldMusicEnded, end, null));
        }
    }
}
