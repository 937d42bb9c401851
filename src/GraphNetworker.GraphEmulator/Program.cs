// The Graph emulator as its own process: see docs/emulator.md for every option.
return await GraphNetworker.GraphEmulator.Cli.EmulatorCommandLine.RunAsync(args);
