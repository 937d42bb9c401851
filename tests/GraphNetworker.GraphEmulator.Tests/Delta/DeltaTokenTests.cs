using GraphNetworker.GraphEmulator.Delta;

namespace GraphNetworker.GraphEmulator.Tests.Delta;

public sealed class DeltaTokenTests
{
    [Fact]
    public void DeltaToken_SinceZero_SurvivesEncoding()
    {
        var token = new DeltaToken { Collection = "c", StateId = "s", Since = 0, Cursor = 0, ReplayPosition = 0, Query = new DeltaQuery { Select = "id" } };

        var decoded = DeltaToken.TryDecode(token.Encode())!;

        Assert.Equal(0, decoded.Since);
        Assert.False(decoded.IsInitialRound);
        Assert.Equal(0, decoded.ReplayPosition);
        Assert.Null(DeltaToken.TryDecode("not-a-token"));
    }
}
