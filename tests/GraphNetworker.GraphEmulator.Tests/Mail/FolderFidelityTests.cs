using GraphNetworker.GraphEmulator.Tests.Infrastructure;
using Microsoft.Graph.Models.ODataErrors;

namespace GraphNetworker.GraphEmulator.Tests.Mail;

/// <summary>Folder keys Graph does not know, deleted folders, and Exchange's RSS Feeds folder.</summary>
public sealed class FolderFidelityTests
{
    [Theory]
    [InlineData("rssfeeds")]
    [InlineData("Inbox Folder")]
    [InlineData("projects")]
    public async Task GetFolder_KeyThatIsNeitherIdNorWellKnownName_Is400IdMalformed(string key)
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        var (status, body, _) = await emulator.Http().GetJsonAsync($"users/{TestTenants.Dana}/mailFolders/{Uri.EscapeDataString(key)}");

        Assert.Equal(400, status);
        Assert.Equal("ErrorInvalidIdMalformed", body!["error"].Str("code"));
    }

    [Fact]
    public async Task GetFolder_UnknownKeyLegacyFidelity_Is404ItemNotFound()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o => o.Fidelity.MalformedFolderIds = MalformedFolderId.NotFound404);

        var (status, body, _) = await emulator.Http().GetJsonAsync($"users/{TestTenants.Dana}/mailFolders/rssfeeds");

        Assert.Equal(404, status);
        Assert.Equal("ErrorItemNotFound", body!["error"].Str("code"));
    }

    [Fact]
    public async Task ListFolders_ByDefault_RssFeedsIsAnOrdinaryChildOfTheRoot()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var folders = emulator.Graph().Users[TestTenants.Dana].MailFolders;

        var top = await folders.GetAsync(c => c.QueryParameters.Top = 50, TestContext.Current.CancellationToken);
        var root = await folders["msgfolderroot"].GetAsync(cancellationToken: TestContext.Current.CancellationToken);
        var children = await folders["msgfolderroot"].ChildFolders.GetAsync(c => c.QueryParameters.Top = 50, TestContext.Current.CancellationToken);

        var rss = Assert.Single(top!.Value!, f => f.DisplayName == "RSS Feeds");
        Assert.Equal(root!.Id, rss.ParentFolderId);
        Assert.Contains(children!.Value!, f => f.Id == rss.Id);
        var byId = await folders[rss.Id].GetAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("RSS Feeds", byId!.DisplayName);
    }

    [Fact]
    public async Task ListFolders_LegacyFidelity_HasNoRssFeedsFolder()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small(), o => o.Fidelity.RssFeedsFolder = false);

        var top = await emulator.Graph().Users[TestTenants.Dana].MailFolders.GetAsync(c => c.QueryParameters.Top = 50, TestContext.Current.CancellationToken);

        Assert.DoesNotContain(top!.Value!, f => f.DisplayName == "RSS Feeds");
    }

    [Fact]
    public async Task DeletedFolder_ItsDeltaLinkAndGet_Are404AndFolderDeltaReportsItRemoved()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());
        var control = emulator.Control;
        var folderId = control.AddFolder(TestTenants.Dana, "Projects");
        control.AddMessage(TestTenants.Dana, folderId, TestTenants.Message(1, TestEmulator.Epoch));
        var http = emulator.Http();
        var (_, first, _) = await http.GetJsonAsync($"users/{TestTenants.Dana}/mailFolders/{folderId}/messages/delta");
        var (_, folders, _) = await http.GetJsonAsync($"users/{TestTenants.Dana}/mailFolders/delta");

        control.DeleteFolder(TestTenants.Dana, folderId);
        var (get, getBody, _) = await http.GetJsonAsync($"users/{TestTenants.Dana}/mailFolders/{folderId}");
        var (delta, deltaBody, _) = await http.GetJsonAsync(http.Relative(first!["@odata.deltaLink"]!.GetValue<string>()));
        var (_, folderChanges, _) = await http.GetJsonAsync(http.Relative(folders!["@odata.deltaLink"]!.GetValue<string>()));

        Assert.Equal((404, "ErrorItemNotFound"), (get, getBody!["error"].Str("code")));
        Assert.Equal((404, "ErrorItemNotFound"), (delta, deltaBody!["error"].Str("code")));
        Assert.Equal(folderId, Assert.Single(folderChanges.Values(), v => v!["@removed"] is not null).Str("id"));
    }

    [Fact]
    public async Task DeleteFolder_WellKnownFolder_IsRefused()
    {
        await using var emulator = await TestEmulator.StartAsync(TestTenants.Small());

        Assert.Throws<ArgumentException>(() => emulator.Control.DeleteFolder(TestTenants.Dana, "inbox"));
        var error = await Record.ExceptionAsync(() => emulator.Graph().Users[TestTenants.Dana].MailFolders["inbox"].GetAsync(cancellationToken: TestContext.Current.CancellationToken));
        Assert.Null(error as ODataError);
    }
}
