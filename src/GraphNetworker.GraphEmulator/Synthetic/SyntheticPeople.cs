using System.Globalization;
using System.Text;
using Bogus;
using GraphNetworker.GraphEmulator.Core;
using GraphNetworker.GraphEmulator.Tenants;

namespace GraphNetworker.GraphEmulator.Synthetic;

/// <summary>One person of the synthetic world (internal or external).</summary>
internal sealed record Person(
    string Id, string DisplayName, string GivenName, string Surname, string Address, string Alias, string? JobTitle,
    string Company, string Domain, string TimeZone, string? X500)
{
    public SyntheticPerson ToPublic(bool internalUser) => new(internalUser ? Id : null, DisplayName, Address, JobTitle, Company);
}

/// <summary>
/// The cast of a synthetic tenant, drawn with Bogus from a fixed seed: mailbox users, colleagues (with
/// executives, a leaver, a long-gone colleague), a room, external companies and their people, newsletter,
/// no-reply and distribution-list senders.
/// </summary>
internal sealed class SyntheticPeople
{
    private static readonly string[] TimeZones = ["Pacific Standard Time", "W. Europe Standard Time", "Eastern Standard Time", "GMT Standard Time"];

    private static readonly string[] SeniorTitles = ["Chief Executive Officer", "Chief Financial Officer", "VP of Sales", "VP of Engineering"];

    private static readonly string[] Titles =
    [
        "Account Executive", "Product Manager", "Software Engineer", "Director of Partnerships", "Marketing Manager",
        "Solutions Architect", "Customer Success Manager", "Data Analyst", "HR Business Partner", "Program Manager",
        "Sales Engineer", "Finance Manager", "Legal Counsel", "Designer",
    ];

    public SyntheticPeople(SyntheticTenantSpec spec)
    {
        var faker = new Faker("en") { Random = new Randomizer(spec.Seed) };
        Domain = spec.Domain;
        CompanyName = Capitalize(spec.Domain.Split('.')[0]);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Domain };
        Companies = Enumerable.Range(0, spec.Companies + 1).Select(_ => NewCompany(faker, used)).ToList();
        NewEmployer = Companies[^1];
        Companies.RemoveAt(Companies.Count - 1);

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        MailboxUsers = Enumerable.Range(0, spec.Users).Select(i => Internal(faker, names, spec, "user", i, i == 0 ? "Account Executive" : faker.PickRandom(Titles))).ToList();
        Colleagues = Enumerable.Range(0, spec.Colleagues).Select(i =>
            Internal(faker, names, spec, "colleague", i, i < SeniorTitles.Length ? SeniorTitles[i] : i == SeniorTitles.Length ? "Director of Partnerships" : faker.PickRandom(Titles))).ToList();
        Externals = Enumerable.Range(0, spec.Externals).Select(i =>
        {
            var company = Companies[i % Companies.Count];
            return External(faker, names, company.Name, company.Domain, faker.Name.JobTitle());
        }).ToList();

        var media = NewCompany(faker, used);
        var saas = NewCompany(faker, used);
        Newsletters =
        [
            ("The Morning Brief", "news@" + media.Domain, "brief." + media.Domain),
            (Companies[0].Name + " Insights", "insights@" + Companies[0].Domain, "insights." + Companies[0].Domain),
        ];
        NoReply =
        [
            (saas.Name + " Notifications", "notifications@" + saas.Domain),
            (saas.Name, "noreply@" + saas.Domain),
            ("IT Service Desk", "no-reply@" + Domain),
        ];
        DistributionList = ("Sales Team", "sales-team@" + Domain);

        // Correspondents that are not people, drawn from domains already chosen (no draw from the faker, so the
        // rest of the tenant stays as it was): a role address and a helpdesk the owner writes to and hears back
        // from, a pager gateway (a number-only address) the owner once answered, two one-way robots, and a mass
        // sender under a person's name who writes to every mailbox and whom nobody answers (only the tenant-wide
        // view tells it from a person).
        var vendor = Companies[0].Domain;
        var partner = Companies[Math.Min(1, Companies.Count - 1)].Domain;
        SystemSenders =
        [
            (Companies[0].Name + " Support", "support@" + vendor, true),
            ("IT Helpdesk", "it.helpdesk@" + Domain, true),
            ("8005550142", "8005550142@" + partner, true),
            ("Market Daily", "market_daily@" + media.Domain, false),
            ("Special offers", "offers_204811@" + saas.Domain, false),
            (MassSenderName, "riley.morgan@" + saas.Domain, false),
        ];

        // A real person whose mail carries only a handle for a name: tracked, but never called "Jkt0401".
        HandleNamed = ("Jkt0401", "jkt0401@" + partner);
        Room = ("Conference Room Rainier", "rainier@" + Domain);
    }

    public string Domain { get; }

    public string CompanyName { get; }

    public List<(string Name, string Domain)> Companies { get; }

    /// <summary>The company the leaver joins (not one of <see cref="Companies"/>).</summary>
    public (string Name, string Domain) NewEmployer { get; }

    public List<Person> MailboxUsers { get; }

    public List<Person> Colleagues { get; }

    public List<Person> Externals { get; }

    public List<(string Name, string Address, string ListId)> Newsletters { get; }

    public List<(string Name, string Address)> NoReply { get; }

    public (string Name, string Address) DistributionList { get; }

    /// <summary>The name the mass sender writes under: a person's, though nobody answers it.</summary>
    public const string MassSenderName = "Riley Morgan";

    /// <summary>Role, system and robot addresses; <c>TwoWay</c> ones are written to by the owner and answer.</summary>
    public List<(string Name, string Address, bool TwoWay)> SystemSenders { get; }

    /// <summary>A person who corresponds both ways under a mailbox handle instead of a name.</summary>
    public (string Name, string Address) HandleNamed { get; }

    public (string Name, string Address) Room { get; }

    public Person Ceo => Colleagues[0];

    public IEnumerable<Person> Executives => Colleagues.Take(SeniorTitles.Length);

    /// <summary>The colleague who leaves and later writes from <see cref="NewEmployer"/>.</summary>
    public Person Leaver => Colleagues[SeniorTitles.Length];

    /// <summary>A colleague soft-deleted long ago.</summary>
    public Person Departed => Colleagues[SeniorTitles.Length + 1];

    /// <summary>Colleagues whose mail sometimes carries their X500 address.</summary>
    public IReadOnlyList<Person> X500Senders => Colleagues.Skip(SeniorTitles.Length + 2).Take(2).ToList();

    /// <summary>Everyday colleagues (not executives, not the leaver or the departed).</summary>
    public IReadOnlyList<Person> Peers => Colleagues.Skip(SeniorTitles.Length + 2).ToList();

    public string LeaverNewAddress => (Slug(Leaver.GivenName) + "." + Slug(Leaver.Surname)).ToLowerInvariant() + "@" + NewEmployer.Domain;

    private static Person Internal(Faker faker, HashSet<string> names, SyntheticTenantSpec spec, string kind, int index, string title)
    {
        var (given, surname) = UniqueName(faker, names);
        var alias = (given[0] + Slug(surname)).ToLowerInvariant();
        var upn = (Slug(given) + "." + Slug(surname)).ToLowerInvariant() + "@" + spec.Domain;
        var id = DirectoryLoader.StableGuid($"{spec.Seed}/{kind}/{index}");
        var hex = Hashing.Of(id).ToString("x16", CultureInfo.InvariantCulture) + Hashing.SplitMix(Hashing.Of(id)).ToString("x16", CultureInfo.InvariantCulture);
        var x500 = $"/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn={hex}-{alias}";
        var zone = TimeZones[(index + (kind == "user" ? 0 : 1)) % TimeZones.Length];
        return new Person(id, given + " " + surname, given, surname, upn, alias, title, Capitalize(spec.Domain.Split('.')[0]), spec.Domain, zone, x500);
    }

    private static Person External(Faker faker, HashSet<string> names, string company, string domain, string title)
    {
        var (given, surname) = UniqueName(faker, names);
        var address = (Slug(given) + "." + Slug(surname)).ToLowerInvariant() + "@" + domain;
        return new Person(address, given + " " + surname, given, surname, address, Slug(given).ToLowerInvariant(), title, company, domain, "UTC", null);
    }

    private static (string Given, string Surname) UniqueName(Faker faker, HashSet<string> names)
    {
        while (true)
        {
            var given = faker.Name.FirstName();
            var surname = faker.Name.LastName();
            if (names.Add(given + " " + surname))
            {
                return (given, surname);
            }
        }
    }

    private static (string Name, string Domain) NewCompany(Faker faker, HashSet<string> used)
    {
        while (true)
        {
            var name = faker.Company.CompanyName().Split(',')[0];
            var domain = Slug(name.Replace(" and ", " ", StringComparison.Ordinal)).ToLowerInvariant() + ".com";
            if (domain.Length > 5 && used.Add(domain))
            {
                return (name, domain);
            }
        }
    }

    internal static string Slug(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
