using GraphNetworker.Benchmarks;

return await BenchmarkCommand.RunAsync(args);
