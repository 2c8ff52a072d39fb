using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/EfficientAI.Telephony.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
