using System.Buffers.Binary;
using System.Text;
using EfficientAI.Telephony.Media.Recording;

namespace EfficientAI.Telephony.Media.Tests.Recording;

public sealed class StereoWavRecorderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wav-recorder-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Dispose_WritesACanonicalPcmStereoHeader_WithTheFinalSizes()
    {
        string path = Path.Combine(_directory, "header.wav");
        using (var recorder = new StereoWavRecorder(path, 8000))
        {
            recorder.WriteLeft(0, new short[100]);
        }

        var wav = WavFile.Read(path);
        Assert.Equal(1, wav.Format);
        Assert.Equal(2, wav.Channels);
        Assert.Equal(8000, wav.SampleRate);
        Assert.Equal(32000, wav.ByteRate);
        Assert.Equal(4, wav.BlockAlign);
        Assert.Equal(16, wav.BitsPerSample);
        Assert.Equal(100, wav.Left.Length);
        Assert.Equal(36u + 400, wav.RiffSize);
        Assert.Equal(44 + 400, new FileInfo(path).Length);
    }

    [Fact]
    public void Samples_ArePlacedAtTheirIndices_WithTheRightChannelOffset_AndGapsSilent()
    {
        string path = Path.Combine(_directory, "offset.wav");
        var caller = Enumerable.Range(1, 320).Select(i => (short)i).ToArray();
        var agent = Enumerable.Range(1, 160).Select(i => (short)-i).ToArray();

        using (var recorder = new StereoWavRecorder(path, 8000))
        {
            recorder.WriteLeft(0, caller.AsSpan(0, 160));
            recorder.WriteRight(80, agent);
            recorder.WriteLeft(160, caller.AsSpan(160));
        }

        var wav = WavFile.Read(path);
        Assert.Equal(320, wav.Left.Length);
        for (int i = 0; i < 320; i++)
        {
            Assert.Equal(caller[i], wav.Left[i]);
            short expectedRight = i is >= 80 and < 240 ? agent[i - 80] : (short)0;
            Assert.Equal(expectedRight, wav.Right[i]);
        }
    }

    [Fact]
    public void AGapInOneChannel_IsSilence_AndTheFileRunsToTheFurthestSample()
    {
        string path = Path.Combine(_directory, "gap.wav");
        using (var recorder = new StereoWavRecorder(path, 8000))
        {
            recorder.WriteLeft(0, Filled(160, 7));
            recorder.WriteLeft(480, Filled(160, 9));
            recorder.WriteRight(1000, Filled(10, -3));
        }

        var wav = WavFile.Read(path);
        Assert.Equal(1010, wav.Left.Length);
        Assert.All(wav.Left[..160], s => Assert.Equal(7, s));
        Assert.All(wav.Left[160..480], s => Assert.Equal(0, s));
        Assert.All(wav.Left[480..640], s => Assert.Equal(9, s));
        Assert.All(wav.Right[..1000], s => Assert.Equal(0, s));
        Assert.All(wav.Right[1000..], s => Assert.Equal(-3, s));
    }

    [Fact]
    public void WhenOneSideRunsAWindowAhead_TheOldestAudioIsWritten_AndLateSamplesForItAreDropped()
    {
        string path = Path.Combine(_directory, "window.wav");
        var recorder = new StereoWavRecorder(path, 8000, TimeSpan.FromMilliseconds(100));
        for (int frame = 0; frame < 25; frame++)
        {
            recorder.WriteLeft(frame * 160, Filled(160, (short)(frame + 1)));
        }

        // 4000 samples written by one side, with an 800-sample window: everything but the window is on disk.
        Assert.Equal(3200, recorder.FramesWritten);

        recorder.WriteRight(3100, Filled(160, 5));
        Assert.Equal(100, recorder.DroppedSamples);
        recorder.Dispose();

        var wav = WavFile.Read(path);
        Assert.Equal(4000, wav.Left.Length);
        Assert.Equal(25, wav.Left[4000 - 1]);
        Assert.All(wav.Right[..3200], s => Assert.Equal(0, s));
        Assert.All(wav.Right[3200..3260], s => Assert.Equal(5, s));
        Assert.All(wav.Right[3260..], s => Assert.Equal(0, s));
    }

    [Fact]
    public void AWriteLongerThanTheWindow_IsKeptWhole()
    {
        string path = Path.Combine(_directory, "long.wav");
        var samples = Enumerable.Range(0, 3000).Select(i => (short)i).ToArray();
        using (var recorder = new StereoWavRecorder(path, 8000, TimeSpan.FromMilliseconds(100)))
        {
            recorder.WriteRight(10, samples);
        }

        var wav = WavFile.Read(path);
        Assert.Equal(samples, wav.Right[10..]);
        Assert.All(wav.Left, s => Assert.Equal(0, s));
    }

    [Fact]
    public void NegativeIndices_AreDropped()
    {
        string path = Path.Combine(_directory, "negative.wav");
        using (var recorder = new StereoWavRecorder(path, 8000))
        {
            recorder.WriteLeft(-5, Filled(10, 4));
            Assert.Equal(5, recorder.DroppedSamples);
        }

        Assert.Equal(Filled(5, 4), WavFile.Read(path).Left);
    }

    [Fact]
    public async Task TwoThreadsWritingTheirChannels_ProduceExactlyTheInterleavedRecording()
    {
        string path = Path.Combine(_directory, "threads.wav");
        const int frames = 500;
        using (var recorder = new StereoWavRecorder(path, 8000, TimeSpan.FromSeconds(60)))
        {
            var left = Task.Run(() =>
            {
                for (int f = 0; f < frames; f++)
                {
                    recorder.WriteLeft(f * 160, Ramp(f * 160, 160, 1));
                }
            });
            var right = Task.Run(() =>
            {
                for (int f = 0; f < frames; f++)
                {
                    recorder.WriteRight((f * 160) + 40, Ramp(f * 160, 160, -1));
                }
            });
            await Task.WhenAll(left, right);
            Assert.Equal(0, recorder.DroppedSamples);
        }

        var wav = WavFile.Read(path);
        Assert.Equal((frames * 160) + 40, wav.Left.Length);
        for (int i = 0; i < wav.Left.Length; i++)
        {
            Assert.Equal(i < frames * 160 ? (short)(i % 30000) : (short)0, wav.Left[i]);
            Assert.Equal(i >= 40 ? (short)-((i - 40) % 30000) : (short)0, wav.Right[i]);
        }
    }

    [Fact]
    public void AfterDispose_WritingThrows_AndDisposingAgainDoesNothing()
    {
        var recorder = new StereoWavRecorder(Path.Combine(_directory, "disposed.wav"), 8000);
        recorder.Dispose();

        Assert.Throws<ObjectDisposedException>(() => recorder.WriteLeft(0, new short[1]));
        recorder.Dispose();
    }

    private static short[] Filled(int count, short value) => Enumerable.Repeat(value, count).ToArray();

    private static short[] Ramp(int start, int count, int sign) =>
        Enumerable.Range(start, count).Select(i => (short)(sign * (i % 30000))).ToArray();

    /// <summary>Reads a canonical 44-octet-header PCM WAV, independently of the recorder.</summary>
    private sealed record WavFile(
        uint RiffSize, int Format, int Channels, int SampleRate, int ByteRate, int BlockAlign, int BitsPerSample, short[] Left, short[] Right)
    {
        public static WavFile Read(string path)
        {
            var bytes = File.ReadAllBytes(path);
            Assert.Equal("RIFF", Encoding.ASCII.GetString(bytes, 0, 4));
            Assert.Equal("WAVE", Encoding.ASCII.GetString(bytes, 8, 4));
            Assert.Equal("fmt ", Encoding.ASCII.GetString(bytes, 12, 4));
            Assert.Equal(16u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16)));
            Assert.Equal("data", Encoding.ASCII.GetString(bytes, 36, 4));
            uint dataSize = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40));
            Assert.Equal(bytes.Length - 44, (int)dataSize);

            int frames = (int)dataSize / 4;
            var left = new short[frames];
            var right = new short[frames];
            for (int i = 0; i < frames; i++)
            {
                left[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + (i * 4)));
                right[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + (i * 4) + 2));
            }

            return new WavFile(
                BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)),
                BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(20)),
                BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(22)),
                (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(24)),
                (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(28)),
                BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(32)),
                BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(34)),
                left,
                right);
        }
    }
}
