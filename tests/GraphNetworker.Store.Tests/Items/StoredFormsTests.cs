using GraphNetworker.Store.Items;

namespace GraphNetworker.Store.Tests.Items;

/// <summary>
/// An item's id and web link are stored in compact forms (the id's bytes, the link as a format number) and made again
/// when read: whatever Graph sent must come back exactly, whichever path the writer took to compact it.
/// </summary>
public sealed class StoredFormsTests
{
    public static TheoryData<string> Ids => new()
    {
        "AAMkAGI2TG93AGQ1LTRhYjAtNDA3ZC1iNWI2LWQ0ZTZlMWQ3YjRlMgBGAAAAAADUuTJK1K9aTpCdqXop_4NaBwCd9nJ-tVysQos2hTfspaWRAAAAAAEMAACd9nJ-tVysQos2hTfspaWRAAAAAAEJAAA=",
        "AAMkAGI2TG93AGQ1LTRhYjAtNDA3ZC1iNWI2LWQ0ZTZlMWQ3YjRlMgBGAAAAAADUuTJK1K9aTpCdqXop_4NaBwCd9nJ-tVysQos2hTfspaWRAAAAAAEMAACd9nJ-tVysQos2hTfspaWRAAAAAAEJAA==",
        "AAMkAGI2TG93AGQ1LTRhYjAtNDA3ZC1iNWI2LWQ0ZTZlMWQ3YjRlMgBGAAAAAADUuTJK1K9aTpCdqXop_4NaBwCd9nJ",
        "AAMkAGI2TG93AGQ1LTRhYjAt+DA3ZC1iNWI2/WQ0ZTZlMWQ3YjRlMgBGAAAAAADUuTJK1K9aTpCdqXop+4NaBwCd9nJA",
        "msg-000123",
        "AQ",
        "AB==",
        "Zoë/ÿ",
    };

    [Theory]
    [MemberData(nameof(Ids))]
    public void GraphIds_PackThenUnpack_GivesTheIdBack(string id)
    {
        var packed = GraphIds.Pack(id);

        Assert.Equal(id, GraphIds.Unpack(packed));
    }

    [Fact]
    public void GraphIds_ExchangeIds_AreStoredAsTheirBytes()
    {
        var id = Ids.First().Data;

        Assert.True(GraphIds.Pack(id).Length < id.Length * 3 / 4 + 2);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void WebLinks_SplitThenJoin_GivesTheLinkBack_ForEveryItemOfAFormat(string id)
    {
        var links = new WebLinks();
        const string prefix = "https://outlook.office365.com/owa/?ItemID=";
        const string suffix = "&exvsurl=1&viewmodel=ReadMessageItem";

        // The first item of a format makes it known; the second is matched against it in place.
        foreach (var item in new[] { "AAMkFirst=", id })
        {
            var link = prefix + Uri.EscapeDataString(item) + suffix;
            var (format, literal) = links.Split(link, item);

            Assert.Equal(link, links.Join(format?.Id, literal, item));
        }
    }

    [Fact]
    public void WebLinks_ALinkOfAKnownFormat_ForAnotherItem_IsNotTakenForThisOne()
    {
        var links = new WebLinks();
        const string prefix = "https://outlook.office365.com/owa/?ItemID=";
        var (format, _) = links.Split(prefix + "AAMkOne%3D", "AAMkOne=");
        Assert.NotNull(format);

        var other = prefix + "AAMkOne%3D";
        var (otherFormat, literal) = links.Split(other, "AAMkTwo=");

        Assert.Null(otherFormat);
        Assert.Equal(other, links.Join(otherFormat?.Id, literal, "AAMkTwo="));
    }

    [Fact]
    public void WebLinks_AnIdInTheLinkUnescaped_KeepsItsOwnFormat()
    {
        var links = new WebLinks();
        const string prefix = "https://teams.example/l/message/";
        links.Split(prefix + "AAMkOne%3D?x=1", "AAMkOne=");

        var raw = prefix + "AAMkTwo=?x=1";
        var (format, literal) = links.Split(raw, "AAMkTwo=");

        Assert.Equal(raw, links.Join(format?.Id, literal, "AAMkTwo="));
    }
}
