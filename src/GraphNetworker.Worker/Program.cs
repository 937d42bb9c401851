using GraphNetworker.Worker.Commands;

return await Signals.InvokeAsync(WorkerCommandLine.Create().Parse(args));
