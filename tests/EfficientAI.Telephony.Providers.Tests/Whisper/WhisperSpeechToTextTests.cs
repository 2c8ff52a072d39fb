using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Providers.Resilience;
using EfficientAI.Telephony.Providers.Tests.Support;
using EfficientAI.Telephony.Providers.Whisper;

namespace EfficientAI.Telephony.Providers.Tests.Whisper;

public sealed class WhisperSpeechToTextTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("efficientai-whisper-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task SyntheticModel_IsLoadedAndRun_ByWhisperCpp_ThroughTheStreamInterface()
    {
        string model = Path.Combine(_directory, "ggml-synthetic.bin");
        SyntheticWhisperModel.Write(model);
        using var stt = new WhisperSpeechToText(new WhisperOptions { ModelPath = model, Threads = 1 }, TimeProvider.System);
        await using ISpeechRecognitionStream stream = stt.OpenStream(8000);
        short[] utterance = Speech.Tone(8000, TimeSpan.FromMilliseconds(600)).Samples;
        await stream.WriteAsync(utterance, 24000, CancellationToken.None);

        SpeechRecognitionResult result = await stream.EndUtteranceAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(120));

        // The words the model's embeddings spell out, decoded by whisper.cpp's own greedy search.
        Assert.Equal(SyntheticWhisperModel.Text, result.Text);
        Assert.True(result.IsFinal);
        Assert.InRange(result.StartSample, 24000, 24000 + utterance.Length);
        Assert.Equal(24000 + utterance.Length, result.EndSample); // segment end clamped to the utterance, not its padding
    }

    [Fact]
    public void MissingModelFile_IsRefused_NamingTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => new WhisperSpeechToText(new WhisperOptions { ModelPath = Path.Combine(_directory, "absent.bin") }, TimeProvider.System));

        Assert.Contains("Providers:Stt:Whisper:ModelPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileThatIsNoGgmlModel_FailsWithModelFailure_BeforeReachingNativeCode()
    {
        // whisper.cpp aborts the process on some malformed files, so the magic is checked first.
        string model = Path.Combine(_directory, "not-a-model.bin");
        await File.WriteAllTextAsync(model, "<html>404 Not Found</html>");
        using var stt = new WhisperSpeechToText(new WhisperOptions { ModelPath = model }, TimeProvider.System);

        ProviderFailureException failure = await Assert.ThrowsAsync<ProviderFailureException>(() => stt.TranscribeAsync(Speech.Tone(8000, TimeSpan.FromSeconds(1)), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal(ProviderFailureCause.ModelFailure, failure.Cause);
        Assert.Contains(model, failure.Message, StringComparison.Ordinal);
        Assert.Contains("not a ggml", failure.Message, StringComparison.Ordinal);
    }
}
