using GraphNetworker.Worker.Commands;

return await WorkerCommandLine.Create().Parse(args).InvokeAsync();
