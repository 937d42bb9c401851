using System.Buffers.Text;
using System.Runtime.ExceptionServices;
using System.Text;
using GraphNetworker.Core.Model;
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

    /// <summary>
    /// How each id is stored, by the form byte that leads it: rows written by any earlier version hold these bytes, and an
    /// item seen again is matched on them, so the form an id is given must never change (0 text, 1 URL-safe base64 with
    /// padding, 2 without, 3 standard base64). Teams ids and odd lengths are no base64 at all.
    /// </summary>
    public static TheoryData<string, byte> Forms => new()
    {
        { Ids.First().Data, 1 },
        { Ids.ElementAt(1).Data, 1 },
        { Ids.ElementAt(2).Data, 0 },
        { Ids.ElementAt(3).Data, 3 },
        { "msg-000123", 0 },
        { "msg-000120", 0 },
        { "msg-000g", 1 },
        { "msg-00A", 2 },
        { "AQ", 2 },
        { "AQ==", 1 },
        { "AB==", 0 },
        { "item-1234", 0 },
        { "19:meeting_NDQ3ZjA5@thread.v2", 0 },
        { "1616964509832", 0 },
        { "1616964509832000", 1 },
        { "a b=", 0 },
        { "Zoë/ÿ", 0 },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void GraphIds_Pack_GivesEachIdTheFormItWasAlwaysStoredIn(string id, byte form)
    {
        var packed = GraphIds.Pack(id);

        Assert.Equal(form, packed[0]);
        Assert.Equal(id, GraphIds.Unpack(packed));
    }

    [Fact]
    public void GraphIds_Pack_RandomTexts_SameBytesAsDecodingWithTheThrowingDecoders()
    {
        // Pack decodes without exceptions now; it must store every text exactly as the exception-throwing decoders
        // (Convert.FromBase64String, Base64Url.DecodeFromChars) made it store them, or rows already stored stop matching.
        var random = new Random(5);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/= :@.\t";
        for (var i = 0; i < 100_000; i++)
        {
            var chars = new char[random.Next(1, 24)];
            for (var c = 0; c < chars.Length; c++)
            {
                chars[c] = alphabet[random.Next(random.Next(10) == 0 ? alphabet.Length : 64)];
            }

            var id = new string(chars);
            Assert.True(PackedWithExceptions(id).AsSpan().SequenceEqual(GraphIds.Pack(id)), $"'{id}' is packed differently.");
        }
    }

    /// <summary>The packing as it was: each form tried with a decoder that throws, the first that encodes back to the id kept.</summary>
    private static byte[] PackedWithExceptions(string id)
    {
        foreach (var form in (byte[])[1, 2, 3])
        {
            byte[] bytes;
            try
            {
                bytes = form == 3 ? Convert.FromBase64String(id) : Base64Url.DecodeFromChars(form == 1 ? id.AsSpan().TrimEnd('=') : id);
            }
            catch (FormatException)
            {
                continue;
            }

            var again = form == 3 ? Convert.ToBase64String(bytes) : Base64Url.EncodeToString(bytes);
            if (form == 1)
            {
                again += new string('=', (4 - (again.Length % 4)) % 4);
            }

            if (again == id)
            {
                return [form, .. bytes];
            }
        }

        return [0, .. Encoding.UTF8.GetBytes(id)];
    }

    [Fact]
    public void GraphIds_Pack_IdsInNoBase64Form_ThrowNothing()
    {
        // Teams ids and ids of odd lengths are in no base64 form: finding that out must not throw (it cost microseconds
        // an item, caught). Exceptions are counted on this thread only, so other tests running at once do not count.
        var thread = Environment.CurrentManagedThreadId;
        var thrown = 0;
        void Count(object? sender, FirstChanceExceptionEventArgs e)
        {
            if (Environment.CurrentManagedThreadId == thread)
            {
                thrown++;
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            foreach (var id in (string[])["19:meeting_NDQ3ZjA5@thread.v2", "19:abc_def@unq.gbl.spaces", "1616964509832", "item-1234", "a b=", "Zoë/ÿ"])
            {
                Assert.Equal(0, GraphIds.Pack(id)[0]);
            }
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        Assert.Equal(0, thrown);
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

            Assert.Equal(link, ReadBack(links, format, literal, item));
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
        Assert.Equal(other, ReadBack(links, otherFormat, literal, "AAMkTwo="));
    }

    [Fact]
    public void WebLinks_AnIdInTheLinkUnescaped_KeepsItsOwnFormat()
    {
        var links = new WebLinks();
        const string prefix = "https://teams.example/l/message/";
        links.Split(prefix + "AAMkOne%3D?x=1", "AAMkOne=");

        var raw = prefix + "AAMkTwo=?x=1";
        var (format, literal) = links.Split(raw, "AAMkTwo=");

        Assert.Equal(raw, ReadBack(links, format, literal, "AAMkTwo="));
    }

    /// <summary>The link of an item as the store's reader hands it over: the format the row names (as this process knows it), else the text kept.</summary>
    private static string? ReadBack(WebLinks links, LinkFormat? format, string? literal, string itemId) => new Interaction
    {
        ItemId = itemId,
        Kind = InteractionKind.EmailReceived,
        OccurredAt = DateTimeOffset.UnixEpoch,
        Participants = [],
        WebLinkFormat = links.FormatOf(format?.Id),
        WebLink = literal,
    }.WebLink;
}
