using System.Runtime.Versioning;
using EfficientAI.Telephony.Conversation.Audio;
using EfficientAI.Telephony.Conversation.Speech;
using EfficientAI.Telephony.Conversation.Tests.Support;
using EfficientAI.Telephony.Conversation.Vad;
using EfficientAI.Telephony.Providers.Tts;

namespace EfficientAI.Telephony.Conversation.Tests.Providers;

/// <summary>Runs the real espeak-ng (installed here and by scripts/test on CI).</summary>
public sealed class LocalTextToSpeechTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("efficientai-tts-test-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task HelloWorld_At8kHz_IsAPlausibleTrimmedUtterance()
    {
        var tts = NewTts();

        AudioClip clip = await tts.SynthesizeAsync("hello world", VoiceOptions.Default, 8000, CancellationToken.None);

        Assert.Equal("espeak-ng", tts.EngineName);
        Assert.Equal(8000, clip.SampleRate);
        Assert.InRange(clip.Duration.TotalSeconds, 0.3, 3);
        int speechFrames = Enumerable.Range(0, clip.Samples.Length / 160).Count(f => new EnergyVad().IsSpeech(clip.Samples.AsSpan(f * 160, 160)));
        Assert.True(speechFrames * 0.02 >= 0.25, $"only {speechFrames} frames above −40 dBFS");

        // Exactly the 10 ms edge padding (80 samples) of silence before the first and after the last audible sample.
        var audible = new EnergyVad(new EnergyVadOptions { VoicedAmplitude = 64 });
        Assert.Equal(80, audible.FindFirstVoicedSample(clip.Samples));
        Assert.Equal(clip.Samples.Length - 81, audible.FindLastVoicedSample(clip.Samples));
    }

    [Fact]
    public async Task TheSecondRequest_IsServedFromMemory_WithoutRunningTheEngine()
    {
        var tts = NewTts();

        AudioClip first = await tts.SynthesizeAsync("hello world", VoiceOptions.Default, 8000, CancellationToken.None);
        AudioClip second = await tts.SynthesizeAsync("hello world", VoiceOptions.Default, 8000, CancellationToken.None);

        Assert.Same(first, second);
        Assert.Equal(1, tts.EngineRuns);
    }

    [Fact]
    public async Task ANewInstance_FindsTheClipInTheDiskCache_UnderTheSha256OfItsKey()
    {
        AudioClip first = await NewTts().SynthesizeAsync("hello world", VoiceOptions.Default, 8000, CancellationToken.None);
        var tts = NewTts();

        AudioClip second = await tts.SynthesizeAsync("hello world", VoiceOptions.Default, 8000, CancellationToken.None);

        Assert.Equal(first.Samples, second.Samples);
        Assert.Equal(0, tts.EngineRuns);
        Assert.Equal(1, tts.DiskCacheHits);
        string path = tts.CachePathFor("hello world", VoiceOptions.Default, 8000)!;
        Assert.True(File.Exists(path));
        Assert.Matches("^[0-9a-f]{64}\\.wav$", Path.GetFileName(path));
        Assert.Single(_directory.GetFiles());
    }

    [Fact]
    public async Task EachPartOfTheKey_SelectsItsOwnClip()
    {
        var tts = NewTts();

        AudioClip at8k = await tts.SynthesizeAsync("hello world", VoiceOptions.Default, 8000, CancellationToken.None);
        AudioClip at16k = await tts.SynthesizeAsync("hello world", VoiceOptions.Default, 16000, CancellationToken.None);
        AudioClip faster = await tts.SynthesizeAsync("hello world", new VoiceOptions("en-us", 300), 8000, CancellationToken.None);

        Assert.Equal(3, tts.EngineRuns);
        Assert.Equal(16000, at16k.SampleRate);
        Assert.InRange(at16k.Samples.Length, (2 * at8k.Samples.Length) - 2, (2 * at8k.Samples.Length) + 2);
        Assert.True(faster.Duration < at8k.Duration * 0.8, $"{faster.Duration} at 300 wpm vs {at8k.Duration} at 175 wpm");
        Assert.Equal(3, _directory.GetFiles().Length);
    }

    [Fact]
    public async Task ALineStartingWithADash_IsSpoken_NotTakenForAnOption()
    {
        AudioClip clip = await NewTts().SynthesizeAsync("-5 degrees outside", VoiceOptions.Default, 8000, CancellationToken.None);

        Assert.True(clip.Duration > TimeSpan.FromSeconds(0.8), $"only {clip.Duration}");
    }

    [Fact]
    public async Task AnUnknownVoice_FailsWithTheEnginesOwnMessage()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(
            () => NewTts().SynthesizeAsync("hello", new VoiceOptions("xx-nosuchvoice"), 8000, CancellationToken.None));

        Assert.Contains("espeak-ng exited with code 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("voice does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithNoEngineInstalled_TheErrorSaysHowToInstallOne()
    {
        var tts = new LocalTextToSpeech(new LocalTextToSpeechOptions { SearchPath = _directory.FullName }, TimeProvider.System);

        var e = await Assert.ThrowsAsync<SpeechEngineNotFoundException>(
            () => tts.SynthesizeAsync("hello", VoiceOptions.Default, 8000, CancellationToken.None));

        Assert.Contains("install espeak-ng: apt-get install espeak-ng", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_StopsTheEngine()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        string longText = string.Join(' ', Enumerable.Repeat("the quick brown fox jumps over the lazy dog", 2000));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => NewTts().SynthesizeAsync(longText, VoiceOptions.Default, 8000, cancellation.Token));
        Assert.Empty(_directory.GetFiles());
    }

    [Fact]
    public async Task AnEngineRunningPastTheTimeout_IsKilled_WithATimeoutError()
    {
        var tts = NewTts(new LocalTextToSpeechOptions { Timeout = TimeSpan.FromMilliseconds(100) });
        string longText = string.Join(' ', Enumerable.Repeat("the quick brown fox jumps over the lazy dog", 2000));

        var e = await Assert.ThrowsAsync<TimeoutException>(() => tts.SynthesizeAsync(longText, VoiceOptions.Default, 8000, CancellationToken.None));

        Assert.Contains("did not finish within 0.1 s", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    [SupportedOSPlatform("linux")] // the stand-in flite is a POSIX shell script
    public async Task Flite_IsUsedWithItsOwnArguments_AndItsOutputResampled()
    {
        // A stand-in flite that records its arguments and writes a 16 kHz tone where -o points.
        string bin = _directory.CreateSubdirectory("bin").FullName;
        string argumentsFile = Path.Combine(_directory.FullName, "arguments.txt");
        string toneFile = Path.Combine(_directory.FullName, "tone.wav");
        await WavFile.WriteAsync(toneFile, new AudioClip(Signal.Tone(500, 8000, 16000, 16000), 16000), CancellationToken.None);
        string flite = Path.Combine(bin, "flite");
        await File.WriteAllTextAsync(flite, $"#!/bin/sh\nprintf '%s\\n' \"$@\" > '{argumentsFile}'\nwhile [ \"$1\" != -o ]; do shift; done\ncp '{toneFile}' \"$2\"\n");
        File.SetUnixFileMode(flite, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var tts = new LocalTextToSpeech(new LocalTextToSpeechOptions { SearchPath = bin }, TimeProvider.System);

        AudioClip clip = await tts.SynthesizeAsync("-hello there", new VoiceOptions("slt", 200), 8000, CancellationToken.None);

        Assert.Equal("flite", tts.EngineName);
        string[] arguments = await File.ReadAllLinesAsync(argumentsFile);
        Assert.Equal(["-voice", "slt", "--setf", "duration_stretch=0.875", "-t", "-hello there", "-o"], arguments[..^1]);
        Assert.Equal(8000, clip.SampleRate);
        Assert.InRange(clip.Samples.Length, 7990, 8000); // 1 s of tone, trimmed to within its first and last audible samples + 10 ms
    }

    private LocalTextToSpeech NewTts(LocalTextToSpeechOptions? options = null) =>
        new((options ?? new LocalTextToSpeechOptions()) with { CacheDirectory = _directory.FullName }, TimeProvider.System);
}
