"""The glossary (ordliste): plain Norwegian explanations of the words the site uses, at /ordliste/."""
