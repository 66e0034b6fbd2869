import { describe, expect, it } from 'vitest';
import { extractArticle } from '../src/extract/index.js';

// Sentences and short articles written for these tests (invented people, wording in the manner
// of wire, newspaper, politics, sports and business copy), one speaker per quote in text order.
const wrap = (body: string) =>
  `Detta är en artikel från AFP.\n\nA headline\n\nTelegram från AFP / Omni\n18 January 2022, 17.19\n\n${body}`;
const speakers = (body: string) => extractArticle(wrap(body)).quotes.map((q) => q.speaker ?? q.speakerLabel);

describe('speakers of pronouns: the passage, not the last name', () => {
  it.each([
    [
      'Mayor Linda Okafor defended the budget on Tuesday after meeting council member Rita Dunmore.\n\n"We cannot cut our way to prosperity," she said.',
      ['Linda Okafor'],
    ],
    [
      '"We are ready for them," said coach Tom Briggs. His side lost to Sam Hale\'s team last year.\n\n"It will be different this time," he said.',
      ['Tom Briggs', 'Tom Briggs'],
    ],
    [
      'Senator Jim Walsh told reporters that Governor Frank Ode had misled voters about the deficit. "He knew the numbers all along," Walsh said.',
      ['Jim Walsh'],
    ],
    [
      'Senator Jim Walsh told reporters on Monday that Governor Frank Ode had misled voters about the deficit.\n\n"He knew the numbers all along," he said.',
      ['Jim Walsh'],
    ],
    [
      '"Prices will keep rising this year," said Anna Kowalski, an economist at a Warsaw bank. Her colleague Maria Lopez disagreed.\n\n"We see no sign of that at all," she said.',
      ['Anna Kowalski', 'Maria Lopez'],
    ],
    [
      'Defence Minister Piotr Nowak met his French counterpart, Jean Dubois, in Brussels on Friday.\n\n"The alliance is as strong as it has ever been," Nowak said. "We will not be divided by anyone."\n\nHe added that talks with Dubois would continue.\n\n"Our armies train together every single year," he said.',
      ['Piotr Nowak', 'Piotr Nowak', 'Piotr Nowak'],
    ],
    [
      '"I feel good about the knee," said Marcus Bell, who scored twice against Rob Tanner\'s side.\n\n"I just want to play every week now," he said.',
      ['Marcus Bell', 'Marcus Bell'],
    ],
  ])('%s', (body, expected) => {
    expect(speakers(body)).toEqual(expected);
  });
});

describe('a description, then the name', () => {
  it.each([
    ['"We expect a ruling within weeks," said a spokeswoman for the campaign, Jane Doe.', 'Jane Doe'],
    ['"Demand is strong in every region," said the company\'s chief executive, Mark Feld.', 'Mark Feld'],
    ['"No talks are planned," a spokesman for the ministry, Ivan Petrov, told Reuters.', 'Ivan Petrov'],
    ['A spokeswoman for the club, Lisa Marr, said: "He will be out for six weeks."', 'Lisa Marr'],
    ['Campaign manager Robin Moss said "we have the votes in every county that matters."', 'Robin Moss'],
    ['"The fire is under control," fire department spokesman Carl Ames said on Sunday.', 'Carl Ames'],
    ['The party\'s leader in the assembly, Rhian Price, said: "This budget fails Wales."', 'Rhian Price'],
  ])('%s', (body, speaker) => {
    expect(speakers(body)).toEqual([speaker]);
  });
});

describe('colon introductions', () => {
  it.each([
    ['Prime Minister Anna Lind said: "We will not yield to threats from anyone."', 'Anna Lind'],
    ['Ms Harper told the BBC: "I have never seen anything like it in my life."\n\nJo Harper is a nurse.', 'Jo Harper'],
    ['Asked about the deal, Paul Jensen said: "It is a good deal for the workers."', 'Paul Jensen'],
    ['In a statement, Rachel Adeyemi said: "My client has done nothing wrong."', 'Rachel Adeyemi'],
    ['Tina Marsh told the crowd:\n\n"We will win this state and we will win it big."', 'Tina Marsh'],
    [
      'Kenji Watanabe, the team\'s manager, said after the match: "We deserved the three points today."',
      'Kenji Watanabe',
    ],
  ])('%s', (body, speaker) => {
    expect(speakers(body)).toEqual([speaker]);
  });
});

describe('verbs beyond "said"', () => {
  it.each([
    ['Governor Dan Mercer tweeted: "Proud of our first responders tonight. Stay safe, everyone."', 'Dan Mercer'],
    ['Ellen Kerr joked that she was "too old to learn how to use a phone like that one."', 'Ellen Kerr'],
    ['Senator Ruth Garza accused the bank of "ripping off hard-working families across the country."', 'Ruth Garza'],
    ['Speaker Tom Ryland praised the bill as "a bold step toward a stronger economy for all."', 'Tom Ryland'],
    ['Clara Mendes called the remarks "deeply troubling and completely unacceptable in a democracy."', 'Clara Mendes'],
    ['"This is not over by a long way," warned Tom Hale.', 'Tom Hale'],
    ['"Why did nobody tell us about the risks?" asked Maria Ortiz.', 'Maria Ortiz'],
    ['"We did nothing wrong at any point," insisted Claire Dunn.', 'Claire Dunn'],
    ['Anil Rao wrote on Facebook: "Thank you all for the kind messages this week."', 'Anil Rao'],
    ['"The vote will come next week," Helen Park added.', 'Helen Park'],
    ['"Nobody is above the law in this country," Judge Amy Lowell told the court.', 'Amy Lowell'],
    ['Ben Otto warned that the plan "will cost thousands of jobs in the north."', 'Ben Otto'],
    ['"It was the best night of my life," beamed Sophie Grant.', 'Sophie Grant'],
  ])('%s', (body, speaker) => {
    expect(speakers(body)).toEqual([speaker]);
  });
});

describe('inverted attributions and appositives', () => {
  it.each([
    ['"We have to fix the roads first," said Ted Brown, the mayor of Ashford.', 'Ted Brown'],
    ['"We have to fix the roads first," Ted Brown, the mayor, said.', 'Ted Brown'],
    ['"We have to fix the roads first," said Mayor Ted Brown.', 'Ted Brown'],
    ['"We have to fix the roads first," Ted Brown, 54, said on Tuesday.', 'Ted Brown'],
    [
      '"Markets hate surprises like this one," said Rachel Gold, an analyst at Fenwick Partners in London.',
      'Rachel Gold',
    ],
    ['"We played with real heart," the coach, Ana Silva, said.', 'Ana Silva'],
  ])('%s', (body, speaker) => {
    expect(speakers(body)).toEqual([speaker]);
  });
});

describe('quotes split around their attribution', () => {
  it.each([
    [
      'Maya Quinn spoke after the vote.\n\n"The plan is dead," she said. "We will start again from nothing."',
      ['Maya Quinn', 'Maya Quinn'],
    ],
    ['"We played well," said coach Pia Lund, "but not well enough to win a game like this."', ['Pia Lund', 'Pia Lund']],
    [
      '"I am not leaving," Omar Haddad told reporters. "Not now, not ever, not for anyone."',
      ['Omar Haddad', 'Omar Haddad'],
    ],
  ])('%s', (body, expected) => {
    expect(speakers(body)).toEqual(expected);
  });
});

describe('quotes over several paragraphs', () => {
  it('gives each paragraph of one quotation to the speaker who opened it', () => {
    expect(
      speakers(
        'Lena Fischer said: "We came here with nothing at all.\n\n"We built the shop with our own hands.\n\n"Now they want to take it away from us."\n\nThe council meets on Monday.',
      ),
    ).toEqual(['Lena Fischer', 'Lena Fischer', 'Lena Fischer']);
  });
});

describe('shared surnames and variants', () => {
  it('decides a shared surname by the title before it', () => {
    expect(
      speakers(
        'Rosa Vidal and her husband Carlos Vidal run the bakery.\n\n"We open at five every morning," Mrs. Vidal said.\n\n"And we close when the bread is gone," Mr. Vidal said.',
      ),
    ).toEqual(['Rosa Vidal', 'Carlos Vidal']);
  });
});

describe('labels are noun phrases as written', () => {
  it.each([
    [
      '"The talks are stuck on money," a senior administration official said on condition of anonymity.',
      'a senior administration official',
    ],
    ['"The talks are stuck on money," said one diplomat who asked not to be named.', 'one diplomat'],
    ['Later that day, officials said "the road will stay closed until further notice."', 'officials'],
    ['"We will appeal the decision," the company said in a statement.', 'the company'],
    ['"The ceasefire has been broken twice tonight," the ministry said.', 'the ministry'],
    ['"The situation is very serious," police said.', 'police'],
    ['"It is too early to say," said a source close to the negotiations.', 'a source close to the negotiations'],
    ['"No deal has been signed yet," said people familiar with the matter.', 'people familiar with the matter'],
    [
      '"It will be a long night," the Ashford police spokesman said, adding that two people had died.',
      'the Ashford police spokesman',
    ],
    ['"He will not be commenting on the case," Dan Cole\'s spokesman said.', "Dan Cole's spokesman"],
    ['"Nobody wants a war," the official told AFP on condition of anonymity.', 'the official'],
    ['"We will appeal," the bank\'s chief executive said.', "the bank's chief executive"],
  ])('%s', (body, label) => {
    expect(speakers(body)).toEqual([label]);
  });
});

describe('places and bodies that speak', () => {
  it.each([
    ['"There is no evidence of that at all," the Kremlin said.', 'the Kremlin'],
    ['"The prime minister has full confidence in her," Downing Street said.', 'Downing Street'],
    ['"It is a fabrication from start to finish," Beijing said on Monday.', 'Beijing'],
    ['"The strikes were precise and limited," the Pentagon said in a statement.', 'the Pentagon'],
    ['"The decision is final and binding," the court said in its ruling.', 'the court'],
    ['"We will review the footage this week," the club said in a statement on its website.', 'the club'],
    ['The White House said in a statement: "The president will meet the families on Friday."', 'The White House'],
    ['A statement from the ministry said: "All flights are suspended until Monday."', 'A statement from the ministry'],
  ])('%s', (body, label) => {
    expect(speakers(body)).toEqual([label]);
  });

  it('still reads a participle that opens the sentence as no speaker', () => {
    expect(speakers('Speaking to reporters, the minister said the plan was "dead and buried for now."')).toEqual([
      'the minister',
    ]);
  });
});

describe('a definite description of a person named before', () => {
  it.each([
    [
      'Striker Leo Varga scored twice as Ashford beat Millbrook 3-1.\n\n"I am just happy to help the team," the 24-year-old said.',
      ['Leo Varga'],
    ],
    [
      'Leo Varga, 24, scored twice. Tom Hale, 31, also scored.\n\n"I am just happy to help the team," the 24-year-old said.',
      ['Leo Varga'],
    ],
    [
      'Leo Varga scored twice on Saturday.\n\n"I am just happy to help the team," the striker told Sky Sports.',
      ['Leo Varga'],
    ],
    ['Steve Clark was furious after the game.\n\n"We were robbed," the Ashford manager told the BBC.', ['Steve Clark']],
    [
      'Lena Strauss, the bank\'s chief executive, spoke on Tuesday. Analyst Tom Reed was there.\n\n"It was a difficult year for everyone here," the chief executive said.',
      ['Lena Strauss'],
    ],
    [
      'Sen. Ann Wiley met Gov. Rita Moss on Monday to discuss the bill.\n\n"We are close to a deal," the senator said.',
      ['Ann Wiley'],
    ],
    [
      'German international striker Karl Brenner has said he will retire next year.\n\n"I have planned it so that will be the end," the 32-year-old captain was quoted as saying.',
      ['Karl Brenner'],
    ],
    [
      'Mike Dale says too much is made of the tweets.\n\nThe vice presidential nominee spoke hours after Ann Ruiz attacked him.\n\nThe Indiana governor said the media were to blame for "all this talk about tweets."',
      ['Mike Dale'],
    ],
  ])('%s', (body, expected) => {
    expect(speakers(body)).toEqual(expected);
  });

  it('leaves a description that news gives the unnamed as written when nobody had that role', () => {
    expect(
      speakers(
        'Jane Doe met the delegation on Monday.\n\n"Nobody wants a war," the official told AFP on condition of anonymity.',
      ),
    ).toEqual(['the official']);
  });
});

describe('more of the passage', () => {
  it.each([
    [
      'Ann Ruiz attacked Dan Cole over his tax returns on Monday.\n\n"He has something to hide," she said.',
      ['Ann Ruiz'],
    ],
    [
      'Speaker Paul Reiner criticised President Dan Cole over his remarks on Monday.\n\n"He has to stop this now," he said.',
      ['Paul Reiner'],
    ],
    [
      '"We tried everything we could," said John Parr. The crowd then cheered for Mary Lee.\n\n"It is our turn now," she said.',
      ['John Parr', 'Mary Lee'],
    ],
    [
      '"We tried everything we could," said John Parr. Tom Reed, the rival candidate, disagreed.\n\n"They tried nothing at all," he said.',
      ['John Parr', 'Tom Reed'],
    ],
    [
      '"We had to leave in the night," said Amina Yusuf, a mother of four from the town. "There was no time to take anything."\n\nShe now lives in a tent.\n\n"We have no money and no work," she said.',
      ['Amina Yusuf', 'Amina Yusuf', 'Amina Yusuf'],
    ],
    [
      '"I love this city," Mayor Ted Brown said. "It gave me everything I have."\n\nBrown, a Democrat, is seeking a third term. His rival, Kyle Moss, has attacked his record.\n\n"He has done nothing for ten years," Moss said.\n\n"That is simply not true," Brown said.',
      ['Ted Brown', 'Ted Brown', 'Kyle Moss', 'Ted Brown'],
    ],
    ['Lucy Adams arrived late.\n\n"Is this really fair to the children?" she asked.', ['Lucy Adams']],
    [
      'Rep. Ann Wiley, D-Calif., said the report ignored "every single piece of evidence we sent."\n\n"It is a whitewash," she said.',
      ['Ann Wiley', 'Ann Wiley'],
    ],
  ])('%s', (body, expected) => {
    expect(speakers(body)).toEqual(expected);
  });
});

describe('more attributions', () => {
  it.each([
    [
      'Investors were nervous, said Jan Olsen, a strategist at Nordbank: "Nobody wants to be the first to buy."',
      'Jan Olsen',
    ],
    ['Markets fell, said Jan Olsen, "because nobody wants to be the first to buy."', 'Jan Olsen'],
    ['Jane Doe, the coach, said Tom Smith was "a fraud and a liar from day one."', 'Jane Doe'],
    ['"It was a shameful decision," Jones said of the ruling by Judge Ann Cole.', 'Jones'],
    ['"She has been a friend for thirty years," Rita Moss said of Ann Cole.', 'Rita Moss'],
    [
      'Asked whether he would run again, Mr. Ortega said: "That is for the voters to decide."\n\nLuis Ortega is 71.',
      'Luis Ortega',
    ],
    ['"The market will recover by the summer," Ian Hart told Reuters in a telephone interview.', 'Ian Hart'],
    ['"The market will recover by the summer," Ian Hart, speaking on condition of anonymity, said.', 'Ian Hart'],
    ['"We will not back down on this," said Sen. Bob Kline, R-Texas.', 'Bob Kline'],
    ['"We are winning in every poll," the campaign\'s manager, Kelly Ames, said on Sunday.', 'Kelly Ames'],
    ['"The virus is spreading fast," said Dr. Amy Chen, director of the institute.', 'Amy Chen'],
    ['Democratic nominee Ann Ruiz said on Monday that the plan was "a disaster for working families."', 'Ann Ruiz'],
    ['"The results speak for themselves," chief executive Tim Cole said on a call with analysts.', 'Tim Cole'],
    ['"The results speak for themselves," Tim Cole, the chief executive of Norland Steel, said.', 'Tim Cole'],
    [
      'Tim Cole, chief executive of Norland Steel, told analysts on Thursday that demand was "stronger than at any time in the past decade."',
      'Tim Cole',
    ],
    ['"We are not going anywhere," Ms. Rivera said.\n\nElena Rivera has run the shop since 1990.', 'Elena Rivera'],
    ['Speaking to the Observer, Sam Price said: "I was wrong about that, and I regret it deeply."', 'Sam Price'],
    ['Sam Price told the Observer he was "wrong about that, and I regret it deeply."', 'Sam Price'],
    ['The plan, Marta Vance said, "is dead and buried for this year."', 'Marta Vance'],
    [
      '"I never thought I would see this day," says Ruth Okoro, 67, who has lived on the street all her life.',
      'Ruth Okoro',
    ],
    ['In a statement, Gov. Lisa Crane said:\n\n"Our hearts go out to the families of the victims."', 'Lisa Crane'],
    ['"We will rebuild," said state Sen. Carla Mendez, a Democrat from the district.', 'Carla Mendez'],
    [
      'Former Gov. Jim Hardy, who is running for the Senate, said the ad was "a cheap shot from a desperate campaign."',
      'Jim Hardy',
    ],
    ['"The numbers do not lie," wrote columnist Dana Pike in Sunday\'s paper.', 'Dana Pike'],
    ['"We were robbed," manager Steve Clark told the BBC after the game.', 'Steve Clark'],
    ['Nadia Haddad, a 34-year-old teacher, said she had "never been so scared in my whole life."', 'Nadia Haddad'],
  ])('%s', (body, speaker) => {
    expect(speakers(body)).toEqual([speaker]);
  });
});

describe('a name that a verb takes as its object is no new speaker', () => {
  it.each([
    [
      '"We did nothing illegal," said John Parr. Critics have accused Tom Reed of covering for him.\n\n"I sleep well at night," he said.',
      ['John Parr', 'John Parr'],
    ],
    [
      '"We did nothing illegal," said John Parr. The company hired Tom Reed last year.\n\n"I sleep well at night," he said.',
      ['John Parr', 'John Parr'],
    ],
    // The subject of the sentence still takes over.
    [
      '"We did nothing illegal," said John Parr. Tom Reed, his former partner, disagreed.\n\n"They hid it from everyone," he said.',
      ['John Parr', 'Tom Reed'],
    ],
    [
      'Tom Reed and John Parr met on Monday. Reed, meanwhile, stayed quiet until the end.\n\n"I have nothing to add," he said.',
      ['Tom Reed'],
    ],
  ])('%s', (body, expected) => {
    expect(speakers(body)).toEqual(expected);
  });
});

describe('who spoke, in relative clauses, possessives and appositives', () => {
  it.each([
    ['The plan was backed by Tom Reed, who said it was "a fair deal for everyone involved."', 'Tom Reed'],
    ['The plan was backed by a lawyer, who said it was "a fair deal for everyone involved."', null],
    ['Parr\'s lawyer, Tom Reed, said: "My client has done nothing wrong at all."\n\nJohn Parr is 50.', 'Tom Reed'],
    ['"My client has done nothing wrong," Reed, Parr\'s lawyer, said.\n\nJohn Parr hired Tom Reed.', 'Tom Reed'],
    ['John Parr was charged on Monday. His lawyer, Tom Reed, said: "My client has done nothing wrong."', 'Tom Reed'],
    ['"We have no comment at this stage," Parr\'s office said.\n\nJohn Parr is 50.', "Parr's office"],
    ['"You have to leave now," Tom Reed told John Parr.', 'Tom Reed'],
    ['"We are not afraid of anyone," Tom Reed was quoted as saying by the paper.', 'Tom Reed'],
    ['"We are not afraid of anyone," Tom Reed said, according to a transcript.', 'Tom Reed'],
    ['"We are not afraid of anyone," said Tom Reed, whose company employs 300 people.', 'Tom Reed'],
    ['The mayor, Ted Brown, said: "We will reopen the bridge on Friday."', 'Ted Brown'],
    ['Ted Brown, for his part, said "the bridge will reopen on Friday at the latest."', 'Ted Brown'],
    ['Anna Berg, 45, a nurse from Malmo, said: "The hospital has been full for weeks now."', 'Anna Berg'],
    ['"We expected more from them," Arsenal manager Mikel Soto said after the 2-2 draw.', 'Mikel Soto'],
    ['"It is a sad day for the club," said the club\'s chairman, Sir Roger Hale.', 'Roger Hale'],
    ['"The vote was rigged," claimed opposition leader Musa Bello, who lost by 2,000 votes.', 'Musa Bello'],
    [
      '"Everything is on the table," a senior European diplomat told Reuters, speaking on condition of anonymity.',
      'a senior European diplomat',
    ],
    ['Two witnesses told AFP they had seen "at least a dozen men with guns" near the market.', 'Two witnesses'],
  ])('%s', (body, speaker) => {
    expect(speakers(body)).toEqual([speaker]);
  });

  it('keeps one speaker over a quote that runs on after its attribution', () => {
    expect(
      speakers(
        '"First, we fix the roads," Ted Brown said. "Then we fix the schools.\n\n"And then we fix the budget, which is the hardest part."',
      ),
    ).toEqual(['Ted Brown', 'Ted Brown', 'Ted Brown']);
    expect(
      speakers(
        '"This is about the future of our children," said Maria Gomez, a mother of three. Her neighbour, Ana Ruiz, agreed.\n\n"We are all in this together," said Ruiz.',
      ),
    ).toEqual(['Maria Gomez', 'Ana Ruiz']);
  });
});

describe('one person under a name with and without its middle name', () => {
  const people = (body: string) => extractArticle(wrap(body)).persons.map((p) => p.name);

  it('merges a name with its middle initial left out, under the form used more', () => {
    const a = extractArticle(
      wrap(
        'Gov. Henry T. Caldwell signed the bill on Monday.\n\n"This is a great day for the state," Henry Caldwell said.\n\n"It took us four long years," Caldwell added.',
      ),
    );
    expect(a.persons.map((p) => p.name)).toEqual(['Henry T. Caldwell']);
    expect(a.quotes.map((q) => q.speaker)).toEqual(['Henry T. Caldwell', 'Henry T. Caldwell']);
    expect(
      people(
        'Hillary Rodham Clinton spoke in Ohio. Hillary Clinton then flew to Iowa, where Hillary Clinton spoke again.',
      ),
    ).toEqual(['Hillary Clinton']);
  });

  it('leaves the short name alone when two longer names could be meant', () => {
    expect(
      people('George H. W. Bush and George W. Bush both spoke. Later George Bush arrived at the ranch alone.'),
    ).toEqual(['George H. W. Bush', 'George W. Bush', 'George Bush']);
  });
});

describe('nested attributions, colon introductions without a verb of saying, more descriptions', () => {
  it.each([
    ['Tom Reed said Dana Vick told him: "We will never sell the farm to anyone."', ['Dana Vick']],
    ['Tom Reed, speaking at a rally in Ohio on Monday, said: "We will win this state."', ['Tom Reed']],
    ['Tom Reed put it bluntly: "We will not pay a single cent more than we agreed."', ['Tom Reed']],
    ['Dana Vick was blunt: "This deal is dead, and everyone in the room knows it."', ['Dana Vick']],
    [
      '"We are proud of him," said Jane Doe, who has worked at the plant for 20 years and whose husband, Tom Doe, was laid off last month.',
      ['Jane Doe'],
    ],
    ['"We are proud of him," said Jane Vick, the wife of Tom Vick.', ['Jane Vick']],
    ['"Europe must defend itself," said Ursula van der Berg, the commission president.', ['Ursula van der Berg']],
    ['"The republic will not bend," said Jean-Luc Moreau, the party leader.', ['Jean-Luc Moreau']],
    ['"The republic will not bend," Jean-Luc Moreau told supporters in Lyon.', ['Jean-Luc Moreau']],
    ['"We never expected this," said J.K. Rowan, the author.', ['J.K. Rowan']],
    ['"We never expected this," said Zoë Kravitz, the actress.', ['Zoë Kravitz']],
    [
      '"Water comes once a week now," says one resident, Maria Lopez. "Sometimes not at all."',
      ['Maria Lopez', 'Maria Lopez'],
    ],
    ['"It is all lies," said one protester. "It is all true," said another, Tom Lee.', ['one protester', 'Tom Lee']],
    [
      'Ann Ruiz arrived in Ohio on Monday.\n\nAsked if she would run again, she said: "That is for the voters to decide."',
      ['Ann Ruiz'],
    ],
    ['The senator from Ohio, Rob Ortman, said: "We need this bridge more than anything."', ['Rob Ortman']],
    ['Sen. Rob Ortman of Ohio said the bridge was "the most important project in the state."', ['Rob Ortman']],
    [
      '"Our economy is growing faster than ever," Recep Tayyip Ergun said in a televised address.',
      ['Recep Tayyip Ergun'],
    ],
    [
      '"We are watching very closely," a spokesperson for the Foreign Office said on Monday.',
      ['a spokesperson for the Foreign Office'],
    ],
    ['"We are watching very closely," a Foreign Office spokesperson said.', ['a Foreign Office spokesperson']],
    ['"I did not do it," the suspect, Karl Oster, 33, told the court.', ['Karl Oster']],
    [
      'Karl Oster, 33, appeared in court on Monday.\n\n"I did not do it," the defendant told the judge.',
      ['Karl Oster'],
    ],
    [
      'Karl Oster, 33, appeared in court on Monday. Judge Ann Lowe read the charges.\n\n"I did not do it," he told the court.',
      ['Karl Oster'],
    ],
    [
      'Karl Oster, 33, appeared in court on Monday. Judge Tom Lowe read the charges.\n\n"You will stay in custody," the judge told him.',
      ['Tom Lowe'],
    ],
    ['Dana Vick (pictured) said: "We have done nothing wrong at all."', ['Dana Vick']],
    [
      '"We have done nothing wrong," Vick said. "Nothing at all."\n\nDana Vick runs a bakery.',
      ['Dana Vick', 'Dana Vick'],
    ],
    ['Tom Reed said Dana Vick called him "a liar and a cheat from the very start."', ['Dana Vick']],
    ['Dana Vick spoke first. She said she told them: "We will never sell the farm."', ['Dana Vick']],
  ])('%s', (body, expected) => {
    expect(speakers(body)).toEqual(expected);
  });
});

describe('an organisation named before speaks as "the ministry", "the company"', () => {
  const said = (body: string) => extractArticle(wrap(body)).quotes.map((q) => [q.speakerLabel, q.speakerOrganization]);

  it.each([
    [
      'Russia\'s Foreign Ministry summoned the ambassador on Monday.\n\n"This is a provocation," the ministry said.',
      ['the ministry', 'foreign ministry'],
    ],
    [
      'Norland Steel cut 300 jobs on Tuesday.\n\n"The market is very weak," the company said in a statement.',
      ['the company', 'norland steel'],
    ],
    ['Deutsche Bank posted a loss.\n\n"We expected this," the bank said.', ['the bank', 'deutsche bank']],
    ['"We expected this," the company said.', ['the company', null]],
  ])('%s', (body, expected) => {
    expect(said(body)).toEqual([expected]);
  });
});

describe('titles that tell namesakes apart, "it said", and more labels', () => {
  it.each([
    [
      'President George Vance and his son, Gov. Jeb Vance of Florida, spoke at the dinner.\n\n"We have a lot of work to do," Gov. Vance said.',
      ['Jeb Vance'],
    ],
    [
      'President George Vance and his son, Gov. Jeb Vance of Florida, spoke at the dinner.\n\n"We have a lot of work to do," President Vance said.',
      ['George Vance'],
    ],
    [
      'Sen. Ann Ross and her husband, Mayor Tom Ross, voted early.\n\n"It took ten minutes," Sen. Ross said.\n\n"It took me twenty," the mayor said.',
      ['Ann Ross', 'Tom Ross'],
    ],
    [
      'The Interior Ministry issued a statement on Monday.\n\n"Order has been restored," it said.',
      ['Interior Ministry'],
    ],
    ['"We will appeal," one of the lawyers said.', ['one of the lawyers']],
    [
      '"We will win in November," Reed\'s campaign said in a statement.\n\nTom Reed is the governor.',
      ["Reed's campaign"],
    ],
    ['"The talks have failed," said a statement issued by the ministry.', ['a statement issued by the ministry']],
    ['"We have no plans to raise taxes," a White House official said Tuesday.', ['a White House official']],
    ['"The army is ready," a source said, declining to be named.', ['a source']],
    ['Most residents, however, said "the new road has made life much worse for us."', ['Most residents']],
    [
      '"It is over," Tom Reed said on Monday, his voice breaking. "We lost, and we lost badly."',
      ['Tom Reed', 'Tom Reed'],
    ],
    ['"The project is on hold," said Paulo Santos, a spokesman for the mayor, Rita Alves.', ['Paulo Santos']],
    ['"The project is on hold," Rita Alves, the mayor, said through a spokesman.', ['Rita Alves']],
    ['"We are ready for anything," said Col. Amir Hassan, commander of the base.', ['Amir Hassan']],
    ['"We are ready for anything," said Lt. Gen. Amir Hassan.', ['Amir Hassan']],
    [
      'Ahmed Saleh, whose brother was killed in the blast, said: "I want the people who did this to pay."',
      ['Ahmed Saleh'],
    ],
    [
      '"I want the people who did this to pay," said Ahmed Saleh, whose brother Omar Saleh was killed in the blast.',
      ['Ahmed Saleh'],
    ],
  ])('%s', (body, expected) => {
    expect(speakers(body)).toEqual(expected);
  });

  it('gives "it said" to the organisation that spoke before, and to nobody when no organisation is there', () => {
    expect(
      speakers(
        '"We will not comment," the Interior Ministry said on Monday. Police were seen in the streets.\n\n"Order has been restored," it said.',
      ),
    ).toEqual(['the Interior Ministry', 'the Interior Ministry']);
    expect(speakers('Jane Doe spoke on Monday.\n\n"Order has been restored," it said.')).toEqual([null]);
  });
});

describe('short articles in the manner of five publishers', () => {
  it('wire story', () => {
    const body = [
      'KABUL (Reuters) - Afghan officials said on Tuesday that at least 12 people were killed when a bomb exploded near a mosque in the eastern city of Jalalabad.',
      '"The explosion happened as people were leaving after prayers," said Attaullah Khogyani, a spokesman for the provincial governor.',
      'He said 30 others had been wounded, some of them critically.',
      '"Many of the wounded are children," he said.',
      'No group has claimed responsibility. The Taliban denied involvement in a statement.',
      'Health Minister Wahid Majrooh told reporters in Kabul that hospitals in the city were overwhelmed.',
      '"We are sending doctors and medicine from the capital tonight," Majrooh said. "We need blood donors."',
      // "Gul" is a woman's name in the lists; "said he" after the name says otherwise.
      'A resident, Gul Agha, said he had run to the mosque after hearing the blast.',
      '"There were bodies everywhere," he said. "I found my cousin under the rubble."',
    ].join('\n\n');
    expect(speakers(body)).toEqual([
      'Attaullah Khogyani',
      'Attaullah Khogyani',
      'Wahid Majrooh',
      'Wahid Majrooh',
      'Gul Agha',
      'Gul Agha',
    ]);
  });

  it('sports report', () => {
    const body = [
      'Ashford Town came from behind to beat Millbrook Rovers 2-1 on Saturday, with substitute Kofi Mensah scoring the winner in stoppage time.',
      '"I just closed my eyes and hit it," Mensah told reporters. "It is the best feeling in the world."',
      "Ashford manager Gary Hollis praised his side's spirit.",
      '"We never stopped believing," Hollis said. "The lads showed real character today."',
      "Millbrook boss Sean Doyle was left frustrated by the referee's decision to add six minutes.",
      '"Six minutes? Where did that come from?" he said. "We were the better team for an hour."',
      'The 21-year-old Mensah has now scored in three straight games.',
      '"He is a special talent," Hollis added.',
    ].join('\n\n');
    expect(speakers(body)).toEqual([
      'Kofi Mensah',
      'Kofi Mensah',
      'Gary Hollis',
      'Gary Hollis',
      'Sean Doyle',
      'Sean Doyle',
      'Gary Hollis',
    ]);
  });

  it('business story', () => {
    const body = [
      'Shares in Halvorsen Foods fell 8 percent on Thursday after the company cut its profit forecast for the year.',
      '"Consumers are trading down, and we have to respond to that," chief executive Ingrid Moe said on a call with analysts.',
      'Moe said the company would close two plants in Norway and cut about 400 jobs.',
      '"These are painful decisions, but they are the right ones," she said.',
      'Analysts were not convinced. Peter Sand, an analyst at Fjord Securities, said the cuts did not go far enough.',
      '"They are still carrying too much debt," Sand said.',
      '"We remain confident in our strategy," the company said in a statement late on Thursday.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Ingrid Moe', 'Ingrid Moe', 'Peter Sand', 'the company']);
  });

  it('US politics story', () => {
    const body = [
      'WASHINGTON (AP) - Sen. Maria Delgado, D-N.M., on Wednesday accused Republican leaders of stalling a vote on the water bill.',
      '"They are playing games with people\'s lives," Delgado said at a news conference. "Families in my state are drinking bottled water."',
      'Senate Majority Leader Tom Kessler, R-Ky., rejected the charge.',
      '"The bill will come to the floor when it is ready," Kessler told reporters. "Not a day before."',
      'A spokeswoman for Kessler, Laura Finch, said the senator had met Delgado twice in the past month.',
      '"He has been more than fair," Finch said.',
      'Delgado disputed that account.',
      '"Two meetings in a month is not fair," she said. "It is a stall."',
    ].join('\n\n');
    expect(speakers(body)).toEqual([
      'Maria Delgado',
      'Maria Delgado',
      'Tom Kessler',
      'Tom Kessler',
      'Laura Finch',
      'Maria Delgado',
      'Maria Delgado',
    ]);
  });

  it('Guardian style', () => {
    const body = [
      'The home secretary, Priya Malhotra, has defended the government\'s new asylum rules, saying they are "fair but firm".',
      'Speaking to the BBC\'s Today programme on Sunday, Malhotra said: "We cannot have a system that is open to abuse."',
      'Labour\'s shadow home secretary, Yvette Harding, said the rules were "cruel and unworkable".',
      '"This government has lost control of the system and is now trying to look tough," Harding said.',
      'Refugee charities also criticised the plans. Enver Solomon, chief executive of the Refugee Council, said: "These rules will put lives at risk."',
    ].join('\n\n');
    // The two phrases of three words in reported speech are terms, not quotes (issue 12 item 6).
    expect(speakers(body)).toEqual(['Priya Malhotra', 'Yvette Harding', 'Enver Solomon']);
  });
});

describe('passages with several speakers, and labels that stay noun phrases', () => {
  it.each([
    [
      '"We will not give in," said Home Secretary Priya Malhotra, "not now and not ever."',
      ['Priya Malhotra', 'Priya Malhotra'],
    ],
    [
      '"We are still counting," an election official said.\n\nCandidate Rosa Ibarra told supporters she was confident.\n\n"We have won this," she said.',
      ['an election official', 'Rosa Ibarra'],
    ],
    [
      '"We are still counting," an election official said.\n\n"It could take days," she said.',
      ['an election official', 'an election official'],
    ],
    [
      'Rosa Ibarra thanked her supporters.\n\n"We have won this," Ibarra said, "and we will govern for everyone."\n\nHer rival, Carla Dominguez, did not concede.\n\n"It is far from over," she said.',
      ['Rosa Ibarra', 'Rosa Ibarra', 'Carla Dominguez'],
    ],
    [
      '"We have won this," Ibarra said.\n\nRosa Ibarra, 52, is a former judge.\n\n"I will govern for everyone," she added.',
      ['Rosa Ibarra', 'Rosa Ibarra'],
    ],
    [
      'Prime Minister Lars Holm and Finance Minister Eva Berg presented the budget.\n\n"This is a budget for growth," Holm said. "It is also a budget for fairness," Berg added.\n\n"We have worked on it for months," she said.',
      ['Lars Holm', 'Eva Berg', 'Eva Berg'],
    ],
    ['Coach Dan Reyes was asked about his future.\n\n"I am not going anywhere," he said.', ['Dan Reyes']],
    [
      'Witnesses described scenes of panic.\n\n"People were screaming and running everywhere," said Mona Farid, 28.',
      ['Mona Farid'],
    ],
    ['"That is not true," Omar Farid said when asked about the claims by his brother, Sami Farid.', ['Omar Farid']],
    ['"It is a great honour," said the new captain, Lea Brun. "I will give everything."', ['Lea Brun', 'Lea Brun']],
    ['"The system failed them at every step," said the report, which was released on Monday.', ['the report']],
    [
      '"The system failed them at every step," says the 47-page report by the watchdog.',
      ['the 47-page report by the watchdog'],
    ],
    ['"We agreed on every point," the two leaders said in a joint statement.', ['the two leaders']],
    ['"We were lucky to get out alive," both men said.', ['both men']],
    [
      'In the letter, obtained by the Guardian, the minister wrote: "I have made mistakes and I am sorry."',
      ['the minister'],
    ],
    [
      'At a news conference in Paris on Monday, where he appeared with his wife, the minister said: "I will not resign."',
      ['the minister'],
    ],
    ['Asked by reporters whether he would resign, the minister said: "I will not resign over this."', ['the minister']],
    [
      '"I will not resign over this," the embattled minister told parliament on Tuesday, to jeers from the opposition benches.',
      ['the embattled minister'],
    ],
    [
      '"Prices will fall by spring," economists at the central bank said in a note to clients.',
      ['economists at the central bank'],
    ],
    [
      '"It is a very sad day," a tearful relative of one of the victims told reporters outside the court.',
      ['a tearful relative of one of the victims'],
    ],
    ['"The city has changed," said a taxi driver who gave only his first name, Ali.', ['a taxi driver']],
    ['"I will not resign," the newly elected mayor said.', ['the newly elected mayor']],
  ])('%s', (body, expected) => {
    expect(speakers(body)).toEqual(expected);
  });
});

describe('a pronoun that no earlier speaker fits', () => {
  it.each([
    [
      'Mayor Ann Ruiz met council member Rita Moss on Monday. "Crime is down this year," said Tom Hale, the police chief.\n\n"We still have a lot of work to do," she said.',
      ['Tom Hale', 'Ann Ruiz'],
    ],
    [
      'Mayor Ann Ruiz spoke on Monday. "Crime is down this year," said Tom Hale, the police chief. He praised Rita Moss, who runs the shelter.\n\n"We still have a lot of work to do," she said.',
      ['Tom Hale', 'Rita Moss'],
    ],
  ])('is the subject of the sentence that names the nearest person who fits: %s', (body, expected) => {
    expect(speakers(body)).toEqual(expected);
  });
});

describe('a player named by nationality', () => {
  it.each([
    [
      'Brazilian striker Marcos Lima scored twice on Sunday.\n\n"I feel at home here," the Brazilian said.',
      ['Marcos Lima'],
    ],
    [
      'Tom Reed met Danish midfielder Lars Holm, who plays for Ashford.\n\n"I feel at home here," the Dane said.',
      ['Lars Holm'],
    ],
    // Without the nationality given, nobody is guessed.
    ['Tom Reed met Lars Holm, who plays for Ashford.\n\n"I feel at home here," the Dane said.', ['the Dane']],
  ])('%s', (body, expected) => {
    expect(speakers(body)).toEqual(expected);
  });
});

describe("a colon after words about someone's words, with no verb of saying", () => {
  it.each([
    ['Tom Reed had a message for his critics: "You will not stop me, not now and not ever."', ['Tom Reed']],
    [
      'Reed\'s response was swift: "This is a witch hunt from start to finish."\n\nTom Reed is the mayor.',
      ['Tom Reed'],
    ],
    ['The message from Ann Ruiz was clear: "We will not back down on this one."', ['Ann Ruiz']],
    ['Ann Ruiz spoke first.\n\nHer reply: "I have nothing to hide from anyone at all."', ['Ann Ruiz']],
  ])('%s', (body, expected) => {
    expect(speakers(body)).toEqual(expected);
  });

  it('gives "her reply" to no man, not even the speaker before', () => {
    expect(
      speakers(
        'Tom Reed spoke first. "We lost," he said.\n\nHer reply: "I have nothing to hide from anyone at all."\n\nAnn Ruiz is 40.',
      ),
    ).toEqual(['Tom Reed', null]);
    expect(speakers('Tom Reed spoke first. "We lost this one," he said.\n\n"We did not," she said.')).toEqual([
      'Tom Reed',
      null,
    ]);
  });
});

describe('a description that goes on past "from" or "at" a name', () => {
  const said = (body: string) => extractArticle(wrap(body)).quotes.map((q) => [q.speakerLabel, q.speakerOrganization]);

  it.each([
    [
      '"The strike will go ahead," according to a statement from the Transport Ministry.',
      ['a statement from the Transport Ministry', 'transport ministry'],
    ],
    [
      '"Prices will fall by spring," said economists at Nordbank, who expect two cuts.',
      ['economists at Nordbank', null],
    ],
    ['"We are ready," said a spokeswoman at the White House.', ['a spokeswoman at the White House', null]],
    // Before no name, "at" and "from" open the adverbial after the speaker.
    ['"We are ready," said the minister at a news conference.', ['the minister', null]],
    ['"We are ready," said officials at the scene.', ['officials', null]],
  ])('%s', (body, expected) => {
    expect(said(body)).toEqual([expected]);
  });
});

describe('two who speak as one', () => {
  it.each([
    ['"We can do better than this," Dana Vick and Tom Reed wrote in a joint letter.', ['Dana Vick']],
    ['Peter Lang and Ana Cruz said in a joint statement: "We are delighted with the result."', ['Peter Lang']],
    // A title that ends the phrase still names the one after it.
    ['"We will look at it," Trump campaign spokesman Jason Miller said.', ['Jason Miller']],
  ])('are headed by the first named, as syntax heads a pair: %s', (body, expected) => {
    expect(speakers(body)).toEqual(expected);
  });
});
