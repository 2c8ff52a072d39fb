using System.CommandLine;
using EfficientAI.Telephony.Host.Cli;

var root = new RootCommand("EfficientAI.Telephony — calls voice AI agents over SIP/RTP, plays a caller, and measures what happened.");
root.Add(DemoCommand.Create());
root.Add(CallCommand.Create());
root.Add(AgentCommand.Create());
root.Add(SipCommand.Create());
root.Add(DialplanCommand.Create());
root.Add(BenchCommand.Create());
root.Add(ApiKeyCommand.Create());
root.Add(ServeCommand.Create());
return await root.Parse(args).InvokeAsync();
