# ruff: noqa: E501 - long lines of prose; French quotes and apostrophes are meant
"""The texts the legal and help pages ship with, in French and English (``pages.models.Page``).

A data migration creates the pages from these; staff then edit them in the admin. Publisher
details of the legal notice come from settings (``LEGAL_*``), not from these texts. French
spacing before : ; ! ? is added when a page is shown (``pages.blocks.french_spacing``).
"""

from __future__ import annotations

DEFAULTS: dict[str, dict[str, str]] = {
    "legal": {
        "title_fr": "Mentions légales",
        "title_en": "Legal notice",
        "body_fr": """## Objet du site
Cercle est une plateforme de prêt, de vente, de troc, de don et de services entre particuliers qui se connaissent : voisins d'un immeuble, membres d'un club, collègues. Les annonces sont publiées par les membres, sous leur responsabilité.

## Propriété intellectuelle
Le logiciel Cercle est libre, publié sous la licence GNU AGPL version 3 ou ultérieure. Les textes et photos des annonces appartiennent à leurs auteurs, qui autorisent leur affichage sur le site.

## Signaler un contenu
Chaque annonce, membre, avis et message peut être signalé aux modérateurs depuis sa page. Vous pouvez aussi écrire aux modérateurs par le formulaire de contact.""",
        "body_en": """## What this site is
Cercle is a platform where people who know each other — neighbours in a building, members of a club, colleagues — lend, sell, swap, give away and offer services. Listings are published by members, who are responsible for them.

## Intellectual property
The Cercle software is free software, published under the GNU AGPL version 3 or later. The texts and photos of listings belong to their authors, who allow the site to show them.

## Reporting content
Every listing, member, review and message can be reported to the moderators from its page. You can also write to the moderators through the contact form.""",
    },
    "terms": {
        "title_fr": "Conditions d'utilisation",
        "title_en": "Terms of use",
        "body_fr": """## Votre compte
Vous vous inscrivez avec une adresse e-mail que vous vérifiez. Les autres membres ne voient que votre prénom et l'initiale de votre nom, jamais votre adresse e-mail, votre téléphone ni votre adresse.
- Un compte par personne, à votre vrai nom.
- Vous gardez votre mot de passe pour vous ; la double authentification est recommandée.

## Publier une annonce
- Décrivez honnêtement l'objet ou le service, avec des photos qui le montrent vraiment.
- N'indiquez que votre ville et votre code postal, jamais votre adresse.
- Sont interdits : les objets illégaux, dangereux ou contrefaits, les animaux, les médicaments, les armes, et tout contenu insultant ou discriminatoire.

## Échanger
Cercle met les membres en relation ; l'échange se fait entre eux. Le propriétaire accepte ou refuse chaque demande. Pour un prêt, la caution éventuelle est convenue à l'avance et rendue au retour de l'objet en bon état. Les paiements se font de la main à la main : Cercle n'encaisse rien.

## Avis et confiance
Après un échange terminé, chacun peut laisser un avis sur l'autre pendant 14 jours. Les avis sont publiés en même temps, pour que personne ne réponde à l'autre sous le coup de la colère. Un avis doit parler de l'échange, sans insulte ni donnée personnelle.

## Modération
Les modérateurs peuvent masquer une annonce, retirer un avis ou suspendre un membre qui ne respecte pas ces règles. Chaque décision est motivée et la personne concernée est prévenue par e-mail.

## Fin du compte
Vous pouvez supprimer votre compte à tout moment depuis vos réglages. Vos avis restent, attribués à « ancien membre ».""",
        "body_en": """## Your account
You sign up with an email address that you verify. Other members only see your first name and the initial of your last name, never your email, phone or address.
- One account per person, under your real name.
- Keep your password to yourself; two-factor authentication is recommended.

## Posting a listing
- Describe the object or service honestly, with photos that really show it.
- Give only your city and postcode, never your address.
- Not allowed: illegal, dangerous or counterfeit goods, animals, medicines, weapons, and anything insulting or discriminatory.

## Exchanging
Cercle puts members in touch; the exchange happens between them. The owner accepts or declines each request. For a loan, any deposit is agreed in advance and returned when the object comes back in good condition. Payments are made hand to hand: Cercle collects nothing.

## Reviews and trust
After a completed exchange, each member may review the other for 14 days. Reviews are published together, so that nobody answers the other in anger. A review is about the exchange, without insults or personal data.

## Moderation
Moderators may hide a listing, remove a review or suspend a member who breaks these rules. Every decision gives its reason, and the member concerned is told by email.

## Closing your account
You can delete your account at any time from your settings. Your reviews stay, attributed to "former member".""",
    },
    "privacy": {
        "title_fr": "Politique de confidentialité",
        "title_en": "Privacy policy",
        "body_fr": """## Ce que nous conservons, et pourquoi
- Votre compte : adresse e-mail, prénom, nom, mot de passe chiffré, langue et préférences d'e-mails, pour vous connecter et vous écrire.
- Votre profil : photo, ville, présentation et langues parlées, que vous choisissez de montrer aux autres membres.
- Vos annonces, demandes d'échange, messages et avis, pour que les échanges puissent avoir lieu et que la confiance se construise.
- Vos cercles et les membres que vous bloquez, pour décider qui voit quoi.
- Un numéro de téléphone vérifié, si vous en ajoutez un : il n'est jamais montré à personne.
- Les signalements et décisions de modération, pour protéger les membres.

## Qui les voit
Les autres membres voient votre prénom, l'initiale de votre nom, votre photo, votre ville, votre présentation, vos annonces visibles pour eux et vos avis publiés. Une annonce réservée à vos cercles n'est montrée qu'à leurs membres. Votre adresse e-mail, votre nom complet, votre téléphone et votre code postal ne sont montrés à personne. Les modérateurs accèdent à ce qui est nécessaire pour traiter un signalement.

## Combien de temps
Vos données sont gardées tant que votre compte existe. Quand vous le supprimez, vos données personnelles sont effacées ; vos avis restent, attribués à « ancien membre », et l'historique des échanges reste visible pour l'autre membre. Le fichier de vos données que vous téléchargez est effacé après quelques jours.

## Cookies
Cercle n'utilise aucun cookie de suivi ni de publicité, et aucun outil de mesure d'audience tiers. Seuls trois cookies techniques existent : votre session quand vous êtes connecté, la protection des formulaires, et la langue choisie.

## Vos droits
Vous pouvez à tout moment :
- télécharger toutes vos données (un fichier JSON), depuis « Mes données » dans vos réglages ;
- corriger votre profil, votre e-mail et vos préférences depuis vos réglages ;
- supprimer votre compte, depuis « Mes données » ;
- retirer votre numéro de téléphone de votre compte ;
- nous écrire par le formulaire de contact pour toute autre demande. Vous pouvez aussi saisir la CNIL.""",
        "body_en": """## What we keep, and why
- Your account: email address, first and last name, encrypted password, language and email preferences, to sign you in and write to you.
- Your profile: photo, city, introduction and languages, which you choose to show other members.
- Your listings, booking requests, messages and reviews, so that exchanges can happen and trust can grow.
- Your circles and the members you block, to decide who sees what.
- A verified phone number, if you add one: it is never shown to anyone.
- Reports and moderation decisions, to protect members.

## Who sees them
Other members see your first name, the initial of your last name, your photo, city and introduction, the listings they may see and your published reviews. A listing kept for your circles is shown to their members only. Your email, full name, phone and postcode are shown to nobody. Moderators see what they need to handle a report.

## How long
Your data is kept as long as your account exists. When you delete it, your personal data is erased; your reviews stay, attributed to "former member", and the history of exchanges stays visible to the other member. The file of your data you download is deleted after a few days.

## Cookies
Cercle uses no tracking or advertising cookie and no third-party analytics. Only three technical cookies exist: your session when you are signed in, the protection of forms, and the language you chose.

## Your rights
At any time you can:
- download all your data (a JSON file), from "My data" in your settings;
- correct your profile, email and preferences from your settings;
- delete your account, from "My data";
- remove your phone number from your account;
- write to us through the contact form for anything else. You may also complain to the CNIL, the French data protection authority.""",
    },
    "help": {
        "title_fr": "Aide",
        "title_en": "Help",
        "body_fr": """## Les cercles
Un cercle réunit des personnes qui se connaissent : un immeuble, une rue, une école, un club, des collègues. Certains cercles sont ouverts, d'autres sur demande ou sur invitation. En publiant, vous choisissez de montrer votre annonce à tout le monde ou seulement à vos cercles : une annonce réservée à un cercle n'apparaît nulle part ailleurs, ni dans la recherche, ni par son adresse.

## Les niveaux de confiance
Chaque membre a un niveau, calculé à partir de ce qui s'est vraiment passé :
- Nouveau : tout le monde commence ici.
- Habitué : au moins 3 échanges terminés et une bonne note.
- De confiance : au moins 10 échanges terminés, une excellente note, au moins une recommandation et aucune sanction de modération depuis un an.
Une recommandation (« je connais cette personne ») ne peut venir que d'un membre qui partage un cercle ou un échange avec elle.

## Prêts et cautions
Le propriétaire peut demander une caution pour un prêt. Elle est remise à la prise en main et rendue au retour, si l'objet revient dans l'état noté au départ. Notez l'état de l'objet à la remise et au retour : c'est votre meilleure protection.

## Les avis
Après un échange terminé, vous avez 14 jours pour laisser un avis. Il reste caché jusqu'à ce que l'autre ait écrit le sien ou que le délai soit passé : personne ne peut répondre à l'autre par vengeance. La personne concernée peut répondre publiquement une fois.

## Un problème ?
Signalez une annonce, un membre, un avis ou un message depuis sa page, ou bloquez un membre : vous ne verrez plus ses annonces et il ne pourra plus vous écrire. Pour tout le reste, écrivez-nous par le formulaire de contact.""",
        "body_en": """## Circles
A circle brings together people who know each other: a building, a street, a school, a club, colleagues. Some circles are open, others on request or by invitation. When you post, you choose to show your listing to everyone or only to your circles: a listing kept for a circle appears nowhere else, neither in search nor by its address.

## Trust levels
Every member has a level, worked out from what really happened:
- Newcomer: everyone starts here.
- Regular: at least 3 completed exchanges and a good rating.
- Trusted: at least 10 completed exchanges, an excellent rating, at least one vouch and no moderation sanction for a year.
A vouch ("I know this person in real life") can only come from a member who shares a circle or an exchange with them.

## Loans and deposits
The owner may ask for a deposit for a loan. It is handed over with the object and returned when it comes back in the condition noted at the start. Note the object's condition at handover and at return: it is your best protection.

## Reviews
After a completed exchange you have 14 days to write a review. It stays hidden until the other member has written theirs or the time is up: nobody can answer the other out of revenge. The member reviewed may reply publicly once.

## A problem?
Report a listing, a member, a review or a message from its page, or block a member: you will no longer see their listings and they can no longer write to you. For anything else, write to us through the contact form.""",
    },
}
