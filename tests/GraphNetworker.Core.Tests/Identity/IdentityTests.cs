using GraphNetworker.Core.Identity;
using GraphNetworker.Core.Model;
using static GraphNetworker.Core.Tests.Scenario;
using Person = GraphNetworker.Core.Model.DirectoryPerson;

namespace GraphNetworker.Core.Tests.Identity;

public sealed class IdentityTests
{
    [Theory]
    [InlineData("  Dana@Fabrikam.COM ", "dana@fabrikam.com")]
    [InlineData("SMTP:dana@fabrikam.com", "dana@fabrikam.com")]
    [InlineData("smtp:DANA@fabrikam.com", "dana@fabrikam.com")]
    [InlineData("<dana@fabrikam.com>", "dana@fabrikam.com")]
    [InlineData("dana+newsletters@fabrikam.com", "dana@fabrikam.com")]
    [InlineData("/O=Contoso/OU=Exchange Administrative Group (FYDIBOHF23SPDLT)/CN=Recipients/CN=dsmith", "x500:/o=contoso/ou=exchange administrative group (fydibohf23spdlt)/cn=recipients/cn=dsmith")]
    [InlineData("X500:/o=contoso/ou=exchange administrative group (fydibohf23spdlt)/cn=recipients/cn=DSMITH", "x500:/o=contoso/ou=exchange administrative group (fydibohf23spdlt)/cn=recipients/cn=dsmith")]
    public void Normalize_VariantSpellings_OneAddress(string raw, string expected) =>
        Assert.Equal(expected, Addresses.Normalize(raw));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not an address")]
    [InlineData("dana@")]
    [InlineData("@fabrikam.com")]
    [InlineData("dana@localhost")]
    [InlineData("fax:+1 555 0100")]
    public void Normalize_NotAnAddress_Null(string raw) => Assert.Null(Addresses.Normalize(raw));

    [Theory]
    [InlineData("Doe, John", "John Doe")]
    [InlineData("\"Smith, Dana\"", "Dana Smith")]
    [InlineData("Dana Smith <dana@fabrikam.com>", "Dana Smith")]
    [InlineData("Doe, John (Contoso)", "John Doe")]
    [InlineData("Office of the Chairman,", "Office of the Chairman")]
    [InlineData("dana@fabrikam.com", null)]
    [InlineData("  ", null)]
    public void CleanDisplayName_CommonShapes_ReadableName(string raw, string? expected) =>
        Assert.Equal(expected, DisplayNames.Clean(raw));

    [Theory]
    [InlineData("Vha0401", "vha0401@fabrikam.com")]
    [InlineData("Jacquestc", "jacquestc@fabrikam.com")]
    [InlineData("jsmith", "jsmith@fabrikam.com")]
    [InlineData("djones", "djones@lawfirm.example")]
    [InlineData("DKJ", "dkj@isp.example")]
    [InlineData("jones", "pjones@furniture.example")]
    [InlineData("dana_smith", "dana_smith@storage.example")]
    [InlineData("drdana77", "drdana77@isp.example")]
    [InlineData("NewsAlert", "newsalert@research.example")]
    [InlineData("+1 (713) 555-0100", "7135550100@pager.example")]
    [InlineData("713.555.0100", "pager@pager.example")]
    [InlineData("dana.smith", "dana.smith@contoso.com")]
    [InlineData("CN=DSMITH", "x500:/o=contoso/ou=na/cn=recipients/cn=dsmith")]
    [InlineData("dana@fabrikam.com", "dana@fabrikam.com")]
    public void RealName_Handle_IsNoName(string raw, string address) =>
        Assert.Null(DisplayNames.RealName(raw, address));

    [Theory]
    [InlineData("Dean, Clint", "clint.dean@contoso.com", "Clint Dean")]
    [InlineData("DANA SMITH", "dsmith@brokers.example", "Dana Smith")]
    [InlineData("mary kay miller", "mary.miller@contoso.com", "Mary Kay Miller")]
    [InlineData("Dana Smith@SALES", "dana.smith@contoso.com", "Dana Smith")]
    [InlineData("Dana", "dana.smith@contoso.com", "Dana")]
    [InlineData("Lee Parker-Smith", "lee.parker-smith@contoso.com", "Lee Parker-Smith")]
    [InlineData("McDonald", "dmcdonald@fabrikam.com", "McDonald")]
    [InlineData("Lee J Parker", "lee.parker@contoso.com", "Lee J Parker")]
    public void RealName_PeoplesNames_KeptReadable(string raw, string address, string expected) =>
        Assert.Equal(expected, DisplayNames.RealName(raw, address));

    [Fact]
    public void Evaluate_MostFrequentRealName_WinsOverHandles()
    {
        var s = new Scenario();
        s.Exchange("lee.parker@fabrikam.com", DaysAgo(100), DaysAgo(80), 7, "Parker, Lee");
        for (var day = 70; day > 30; day -= 5)
        {
            s.Received(DaysAgo(day), "lee.parker@fabrikam.com", "lparker");
        }

        Assert.Equal("Lee Parker", s.Person("lee.parker@fabrikam.com").DisplayName);
    }

    [Fact]
    public void Evaluate_OnlyHandlesSeen_ShownByAddress_AndTheReasonSaysThey()
    {
        var s = new Scenario();
        s.Exchange("vha0401@fabrikam.com", DaysAgo(400), DaysAgo(250), 30, "Vha0401");

        var result = s.Evaluate();

        Assert.Equal("vha0401@fabrikam.com", result.Relationships.Single().DisplayName);
        var suggestion = Assert.Single(result.NewSuggestions);
        Assert.Equal("vha0401@fabrikam.com", suggestion.DisplayName);
        Assert.DoesNotContain("Vha0401", suggestion.Reason, StringComparison.Ordinal);
        Assert.Contains("they would enjoy", suggestion.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_UnresolvedLegacyDnWithoutName_ShownAsAnExchangeAccount_NeverByTheRawDnNorAsAFirstName()
    {
        var s = new Scenario();
        s.Sent(DaysAgo(10), "/O=FABRIKAM/OU=NA/CN=RECIPIENTS/CN=DSMITH");
        s.Received(DaysAgo(9), "/O=FABRIKAM/OU=NA/CN=RECIPIENTS/CN=DSMITH");

        var name = s.Evaluate().Relationships.Single().DisplayName;

        Assert.Equal("dsmith (Exchange account)", name);
        Assert.Null(DisplayNames.FirstNameOrNull(name));
    }

    [Fact]
    public void Evaluate_AddressCaseAndPrefixDiffer_OnePerson()
    {
        var s = new Scenario();
        s.Sent(DaysAgo(10), "Dana@Fabrikam.com");
        s.Received(DaysAgo(9), "SMTP:dana@fabrikam.com");

        var result = s.Evaluate();

        var dana = Assert.Single(result.Relationships);
        Assert.Equal("dana@fabrikam.com", dana.PersonKey);
        Assert.Equal(2, dana.CountedItems);
    }

    [Fact]
    public void Evaluate_DirectoryAliasesAndProxyAddresses_MergedIntoOnePerson()
    {
        var s = new Scenario();
        s.Directory = s.Directory with
        {
            People = [new DirectoryPerson
            {
                PrimaryAddress = "lee.park@contoso.com",
                DisplayName = "Park, Lee",
                Addresses = ["SMTP:lee.park@contoso.com", "smtp:lpark@contoso.com", "X500:/O=Contoso/OU=NA/CN=RECIPIENTS/CN=LPARK"],
            }],
        };
        s.Sent(DaysAgo(30), "lpark@contoso.com");
        s.Received(DaysAgo(20), "/o=contoso/ou=na/cn=recipients/cn=lpark");
        s.Meeting(DaysAgo(10), "LEE.PARK@contoso.com");

        var lee = Assert.Single(s.Evaluate().Relationships);

        Assert.Equal("lee.park@contoso.com", lee.PersonKey);
        Assert.Equal("Lee Park", lee.DisplayName);
        Assert.Equal(3, lee.CountedItems);
    }

    [Fact]
    public void Evaluate_UnknownLegacyDn_KeptAsItsOwnIdentity()
    {
        var s = new Scenario();
        s.Received(DaysAgo(5), "/O=Contoso/OU=NA/CN=RECIPIENTS/CN=GHOST", "Ghost User");
        s.Sent(DaysAgo(4), "/O=Contoso/OU=NA/CN=RECIPIENTS/CN=GHOST");

        var ghost = Assert.Single(s.Evaluate().Relationships);

        Assert.Equal("x500:/o=contoso/ou=na/cn=recipients/cn=ghost", ghost.PersonKey);
        Assert.Equal("Ghost User", ghost.DisplayName);
    }

    [Fact]
    public void Evaluate_OwnerAddressesAliasesAndLegacyDn_NeverBecomeContacts()
    {
        var s = new Scenario();
        s.Sent(DaysAgo(3), "me.alias@contoso.com", "dana@fabrikam.com");
        s.Received(DaysAgo(2), "/O=CONTOSO/OU=EXCHANGE/CN=RECIPIENTS/CN=ME");
        s.Received(DaysAgo(1), "SMTP:Me@Contoso.com");

        var people = s.Evaluate().Relationships.Select(r => r.PersonKey).ToList();

        Assert.Equal(["dana@fabrikam.com"], people);
    }

    [Fact]
    public void Evaluate_OneDirectoryIndexForTwoOwners_EachOwnerIsAContactOnlyInTheOthersMailbox()
    {
        Person[] people =
        [
            new() { PrimaryAddress = "ana@contoso.com", DisplayName = "Ana Lima", Addresses = ["smtp:ana.lima@contoso.com", "X500:/o=Contoso/ou=Exchange/cn=Recipients/cn=ana"] },
            new() { PrimaryAddress = "ben@contoso.com", DisplayName = "Ben Ode", Addresses = ["smtp:b.ode@contoso.com"] },
        ];
        var shared = new DirectoryIndex(people, [], [], ["contoso.com"], "Contoso");
        var ana = new OwnerIdentity("ana@contoso.com", ["ana@contoso.com"]);
        var ben = new OwnerIdentity("ben@contoso.com", ["ben@contoso.com"]);
        var s = new Scenario();
        var engine = new RelationshipEngine(s.Options, s.Clock);
        Interaction Mail(string id, string from, string to) => new()
        {
            ItemId = id,
            Kind = InteractionKind.EmailSent,
            OccurredAt = DaysAgo(3),
            Participants = [new Participant(from, null, ParticipantRole.From), new Participant(to, null, ParticipantRole.To)],
            ParticipantCount = 2,
        };

        // Ana writes from an alias the directory holds for her; Ben from his primary address.
        var inAnas = engine.Evaluate(shared, ana, [Mail("1", "ana.lima@contoso.com", "b.ode@contoso.com"), Mail("2", "X500:/o=Contoso/ou=Exchange/cn=Recipients/cn=ana", "ben@contoso.com")], new UserState());
        var inBens = engine.Evaluate(shared, ben, [Mail("3", "ben@contoso.com", "ana.lima@contoso.com")], new UserState());

        var benSeenByAna = Assert.Single(inAnas.Relationships);
        Assert.Equal("ben@contoso.com", benSeenByAna.PersonKey);
        Assert.Equal("Ben Ode", benSeenByAna.DisplayName);
        Assert.Equal(2, benSeenByAna.CountedItems);
        var anaSeenByBen = Assert.Single(inBens.Relationships);
        Assert.Equal("ana@contoso.com", anaSeenByBen.PersonKey);
        Assert.Equal("Ana Lima", anaSeenByBen.DisplayName);
    }

    [Fact]
    public void DirectoryIndex_AddressThatIsOnePersonsPrimaryAndAnothersAlias_BelongsToItsOwner()
    {
        var index = new DirectoryIndex(
            [
                new Person { PrimaryAddress = "old@contoso.com", Addresses = ["smtp:team@contoso.com", "smtp:dana@contoso.com"] },
                new Person { PrimaryAddress = "dana@contoso.com", Addresses = ["SMTP:Dana.Smith@contoso.com"] },
            ],
            ["Team@Contoso.com"], ["ROOM-1@contoso.com"], [" Contoso.COM "], null);

        Assert.Equal("dana@contoso.com", index.KeyOf("dana@contoso.com"));
        Assert.Equal("dana@contoso.com", index.KeyOf("dana.smith@contoso.com"));
        Assert.Null(index.KeyOf("stranger@fabrikam.com"));
        Assert.True(index.IsGroup("team@contoso.com"));
        Assert.True(index.IsResource("room-1@contoso.com"));
        Assert.True(index.IsOrganizationDomain("eu.contoso.com"));
        Assert.False(index.IsOrganizationDomain("notcontoso.com"));
    }

    [Fact]
    public void Evaluate_SameMessageInTwoFolders_CountsOnce()
    {
        var s = new Scenario();
        var original = s.Received(DaysAgo(5), "dana@fabrikam.com");
        s.Sent(DaysAgo(4), "dana@fabrikam.com");
        s.Items.Add(original with { ItemId = "AAMkAD-copy-in-projects=" });

        var dana = s.Person("dana@fabrikam.com");

        Assert.Equal(2, dana.CountedItems);
    }

    [Fact]
    public void Evaluate_DeltaReplayOfOneItem_CountsOnce()
    {
        var s = new Scenario();
        var meeting = s.Meeting(DaysAgo(5), "dana@fabrikam.com");
        s.Items.Add(meeting);
        s.Items.Add(meeting);

        Assert.Equal(1, s.Person("dana@fabrikam.com").CountedItems);
    }

    [Fact]
    public void Evaluate_InputInAnyOrder_SameAssessment()
    {
        var s = new Scenario();
        s.Exchange("dana@fabrikam.com", DaysAgo(400), DaysAgo(200), 7, "Dana Smith");
        s.Exchange("lee@northwind.com", DaysAgo(300), DaysAgo(30), 21);
        s.Meeting(DaysAgo(100), "dana@fabrikam.com", "lee@northwind.com");
        s.Received(DaysAgo(3), "noreply@service.com");
        var ordered = s.Evaluate();

        s.Items.Reverse();
        var reversed = s.Evaluate();
        var random = new Random(7);
        var shuffled = s.Items.OrderBy(_ => random.Next()).ToList();
        s.Items.Clear();
        s.Items.AddRange(shuffled);
        var mixed = s.Evaluate();

        Assert.Equivalent(ordered, reversed, strict: true);
        Assert.Equivalent(ordered, mixed, strict: true);
    }
}
