using System.Text;

namespace EfficientAI.Telephony.Providers.Tests.Whisper;

/// <summary>
/// Writes a tiny ggml Whisper model (English-only vocabulary size, 4-wide layers, one encoder and
/// one decoder block, f16 matrices) in the layout whisper.cpp's loader reads: magic, 11 int32 hyper-parameters,
/// the mel filter bank, the vocabulary, then each tensor as (n_dims, name length, type, dims, name,
/// data). Every weight is zero except the decoder's token and position embeddings and final layer
/// norm, which are set so that greedy decoding says the same words whatever the audio:
/// with zero attention and MLP weights each block passes its input through, so the logits at
/// position p are token_embedding · LayerNorm(token_embedding[t] + position_embedding[p]). The
/// position embeddings are large and point, step by step, at the tokens of the script — the first
/// timestamp, " hello", " world", end of text — so position p picks script token p.
/// </summary>
internal static class SyntheticWhisperModel
{
    public const string Text = "hello world";

    // whisper.cpp's fixed ids for an English-only model (n_vocab 51864).
    private const int VocabularySize = 51864;
    private const int TokenEot = 50256;
    private const int TokenBeg = 50363;
    private const int TokenHello = 1;
    private const int TokenWorld = 2;

    private const int State = 4;
    private const int AudioContext = 1500;
    private const int TextContext = 16;
    private const int Mels = 80;
    private const int FftBins = 201;

    public static void Write(string path)
    {
        using var file = File.Create(path);
        using var writer = new BinaryWriter(file, Encoding.UTF8);
        writer.Write(0x67676d6c); // "ggml"
        foreach (int value in new[] { VocabularySize, AudioContext, State, 1, 1, TextContext, State, 1, 1, Mels, 1 /* mostly f16 */ })
        {
            writer.Write(value);
        }

        writer.Write(Mels);
        writer.Write(FftBins);
        WriteZeros(writer, Mels * FftBins);

        // The rest of the 51864 ids are filled in by the loader as "[_extra_token_N]" and specials.
        string[] vocabulary = [" ", " hello", " world"];
        writer.Write(vocabulary.Length);
        foreach (string token in vocabulary)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(token);
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }

        Tensor(writer, "encoder.positional_embedding", [State, AudioContext]);
        Tensor(writer, "encoder.conv1.weight", [3, Mels, State], half: true);
        Tensor(writer, "encoder.conv1.bias", [1, State]);
        Tensor(writer, "encoder.conv2.weight", [3, State, State], half: true);
        Tensor(writer, "encoder.conv2.bias", [1, State]);
        Tensor(writer, "encoder.ln_post.weight", [State]);
        Tensor(writer, "encoder.ln_post.bias", [State]);
        Block(writer, "encoder.blocks.0", cross: false);

        // Four zero-mean, mutually orthogonal directions: LayerNorm keeps a zero-mean vector's
        // direction and scales it to norm 2 (unit variance over 4 elements).
        float[][] direction =
        [
            [0.5f, 0.5f, -0.5f, -0.5f],
            [0.7071f, -0.7071f, 0, 0],
            [0, 0, 0.7071f, -0.7071f],
            [0.5f, -0.5f, -0.5f, 0.5f],
        ];
        int[] script = [TokenBeg, TokenHello, TokenWorld, TokenEot];

        var positions = new float[State * TextContext];
        for (int p = 0; p < script.Length; p++)
        {
            for (int i = 0; i < State; i++)
            {
                positions[(p * State) + i] = 1000 * direction[p][i];
            }
        }

        Tensor(writer, "decoder.positional_embedding", [State, TextContext], positions);

        // Logit of a script token at its own position: 10 * 2 = 20, against 0 for every other id.
        var tokens = new float[State * VocabularySize];
        for (int p = 0; p < script.Length; p++)
        {
            for (int i = 0; i < State; i++)
            {
                tokens[(script[p] * State) + i] = 10 * direction[p][i];
            }
        }

        Tensor(writer, "decoder.token_embedding.weight", [State, VocabularySize], tokens, half: true);
        Tensor(writer, "decoder.ln.weight", [State], [1, 1, 1, 1]);
        Tensor(writer, "decoder.ln.bias", [State]);
        Block(writer, "decoder.blocks.0", cross: true);
    }

    private static void Block(BinaryWriter writer, string prefix, bool cross)
    {
        Tensor(writer, $"{prefix}.mlp_ln.weight", [State]);
        Tensor(writer, $"{prefix}.mlp_ln.bias", [State]);
        Tensor(writer, $"{prefix}.mlp.0.weight", [State, 4 * State], half: true);
        Tensor(writer, $"{prefix}.mlp.0.bias", [4 * State]);
        Tensor(writer, $"{prefix}.mlp.2.weight", [4 * State, State], half: true);
        Tensor(writer, $"{prefix}.mlp.2.bias", [State]);
        Attention(writer, $"{prefix}.attn_ln", $"{prefix}.attn");
        if (cross)
        {
            Attention(writer, $"{prefix}.cross_attn_ln", $"{prefix}.cross_attn");
        }
    }

    private static void Attention(BinaryWriter writer, string norm, string attention)
    {
        Tensor(writer, $"{norm}.weight", [State]);
        Tensor(writer, $"{norm}.bias", [State]);
        Tensor(writer, $"{attention}.query.weight", [State, State], half: true);
        Tensor(writer, $"{attention}.query.bias", [State]);
        Tensor(writer, $"{attention}.key.weight", [State, State], half: true);
        Tensor(writer, $"{attention}.value.weight", [State, State], half: true);
        Tensor(writer, $"{attention}.value.bias", [State]);
        Tensor(writer, $"{attention}.out.weight", [State, State], half: true);
        Tensor(writer, $"{attention}.out.bias", [State]);
    }

    // ftype 1 ("mostly f16"): the matrices and convolution kernels are f16 (ggml's CPU convolution
    // takes only f16 kernels), embeddings of positions, norms and biases stay f32.
    private static void Tensor(BinaryWriter writer, string name, int[] dims, float[]? data = null, bool half = false)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        writer.Write(dims.Length);
        writer.Write(nameBytes.Length);
        writer.Write(half ? 1 : 0); // GGML_TYPE_F16 : GGML_TYPE_F32
        int count = 1;
        foreach (int dim in dims)
        {
            writer.Write(dim);
            count *= dim;
        }

        writer.Write(nameBytes);
        if (data is null)
        {
            writer.Write(new byte[count * (half ? 2 : 4)]);
            return;
        }

        if (data.Length != count)
        {
            throw new ArgumentException($"{name}: {data.Length} values for {count} elements.", nameof(data));
        }

        foreach (float value in data)
        {
            if (half)
            {
                writer.Write((Half)value);
            }
            else
            {
                writer.Write(value);
            }
        }
    }

    private static void WriteZeros(BinaryWriter writer, int floats) => writer.Write(new byte[floats * sizeof(float)]);
}
