#pragma once
// The word lists regalctl seed-demo builds its catalog from (see seed_demo.hpp): departments
// (top-level categories) with their leaf categories, four brands each and the kinds of product
// they sell, pack sizes, name variants, demo branches and customer names. Plain data; the SQL
// that combines them lives in seed_demo.cpp.

#include <vector>

namespace regal::tools::seed_words {

// Departments are the top-level categories; each has leaf categories, four brands and kinds of
// product. Size groups: 0 = liquid, 1 = by weight, 2 = pieces. Prices are minor units for the
// size with factor 100; tax in basis points.

struct Kind {
  const char* name;
  const char* leaf;
  int size_group;
  int base_price;
  int tax_rate;
};

struct Department {
  const char* name;
  std::vector<const char*> leaves;
  std::vector<const char*> brands;  // exactly four
  std::vector<Kind> kinds;
};

inline const std::vector<Department>& departments() {
  static const std::vector<Department> kDepartments = {
      {"Dairy & Eggs",
       {"Milk & Cream", "Cheese", "Yogurt & Desserts", "Butter & Eggs"},
       {"Mlékárna Kunín", "Alpenhof", "Bellarosa", "Crème de la Vallée"},
       {{"Whole Milk", "Milk & Cream", 0, 2490, 1200},
        {"Semi-skimmed Milk", "Milk & Cream", 0, 2290, 1200},
        {"Oat Drink", "Milk & Cream", 0, 4490, 1200},
        {"Whipping Cream", "Milk & Cream", 0, 5990, 1200},
        {"Gouda", "Cheese", 1, 6990, 1200},
        {"Edam", "Cheese", 1, 5990, 1200},
        {"Camembert", "Cheese", 1, 8990, 1200},
        {"Parmigiano", "Cheese", 1, 19990, 1200},
        {"Greek Yogurt", "Yogurt & Desserts", 1, 4990, 1200},
        {"Fruit Yogurt", "Yogurt & Desserts", 1, 3490, 1200},
        {"Crème Fraîche", "Yogurt & Desserts", 1, 5490, 1200},
        {"Crème Caramel", "Yogurt & Desserts", 2, 2990, 1200},
        {"Butter", "Butter & Eggs", 1, 9990, 1200},
        {"Free-range Eggs", "Butter & Eggs", 2, 1290, 1200}}},
      {"Bakery",
       {"Bread", "Pastry"},
       {"Pekárna Šumava", "Le Fournil", "Bäckerei Roth", "Golden Crust"},
       {{"Sourdough Bread", "Bread", 1, 3990, 1200},
        {"Rye Bread", "Bread", 1, 3490, 1200},
        {"Baguette", "Bread", 2, 2490, 1200},
        {"Croissant", "Pastry", 2, 1990, 1200},
        {"Kolach", "Pastry", 2, 1590, 1200},
        {"Pain au Chocolat", "Pastry", 2, 2290, 1200},
        {"Apple Strudel", "Pastry", 2, 4990, 1200}}},
      {"Beverages",
       {"Water", "Soft Drinks", "Juice", "Beer", "Wine"},
       {"Kaiserbräu", "Fonte Alta", "Bohemia Spring", "Château Lumière"},
       {{"Sparkling Water", "Water", 0, 1490, 1200},
        {"Still Water", "Water", 0, 1290, 1200},
        {"Cola", "Soft Drinks", 0, 2990, 2100},
        {"Lemonade", "Soft Drinks", 0, 2790, 2100},
        {"Tonic Water", "Soft Drinks", 0, 3290, 2100},
        {"Orange Juice", "Juice", 0, 4490, 1200},
        {"Apple Juice", "Juice", 0, 3990, 1200},
        {"Pilsner Lager", "Beer", 0, 3490, 2100},
        {"Wheat Beer", "Beer", 0, 3990, 2100},
        {"Pale Ale", "Beer", 0, 4590, 2100},
        {"Riesling", "Wine", 0, 19990, 2100},
        {"Merlot", "Wine", 0, 17990, 2100},
        {"Rosé", "Wine", 0, 15990, 2100},
        {"Crémant", "Wine", 0, 29990, 2100}}},
      {"Coffee & Tea",
       {"Coffee", "Tea"},
       {"Café Aurora", "Kávovar Brno", "Earl & Co.", "Tè Verde"},
       {{"Espresso Beans", "Coffee", 1, 29990, 1200},
        {"Café Crema Ground", "Coffee", 1, 24990, 1200},
        {"Instant Coffee", "Coffee", 1, 34990, 1200},
        {"Earl Grey", "Tea", 1, 19990, 1200},
        {"Green Tea", "Tea", 1, 22990, 1200},
        {"Rooibos", "Tea", 1, 17990, 1200}}},
      {"Snacks & Sweets",
       {"Chocolate", "Biscuits", "Crisps & Nuts"},
       {"Čokoládovna Praha", "Maison Praline", "Crunchy Fox", "Nordic Bites"},
       {{"Milk Chocolate", "Chocolate", 1, 9990, 1200},
        {"Dark Chocolate 70 %", "Chocolate", 1, 11990, 1200},
        {"Pralines", "Chocolate", 1, 24990, 1200},
        {"Butter Biscuits", "Biscuits", 1, 6990, 1200},
        {"Oat Cookies", "Biscuits", 1, 5990, 1200},
        {"Wafers", "Biscuits", 1, 4990, 1200},
        {"Potato Crisps", "Crisps & Nuts", 1, 8990, 1200},
        {"Salted Peanuts", "Crisps & Nuts", 1, 6990, 1200},
        {"Tortilla Chips", "Crisps & Nuts", 1, 7990, 1200}}},
      {"Pantry",
       {"Pasta & Rice", "Sauces", "Canned Goods", "Spices"},
       {"Nonna Lucia", "Hacienda Río", "Spice Route", "Konzervárna Hodonín"},
       {{"Spaghetti", "Pasta & Rice", 1, 4990, 1200},
        {"Penne", "Pasta & Rice", 1, 4990, 1200},
        {"Basmati Rice", "Pasta & Rice", 1, 7990, 1200},
        {"Risotto Rice", "Pasta & Rice", 1, 8990, 1200},
        {"Tomato Sauce", "Sauces", 1, 5990, 1200},
        {"Pesto alla Genovese", "Sauces", 1, 14990, 1200},
        {"Mayonnaise", "Sauces", 1, 6990, 1200},
        {"Chickpeas", "Canned Goods", 1, 3990, 1200},
        {"Tuna in Olive Oil", "Canned Goods", 1, 12990, 1200},
        {"Sweetcorn", "Canned Goods", 1, 3490, 1200},
        {"Sweet Paprika", "Spices", 1, 19990, 1200},
        {"Black Pepper", "Spices", 1, 29990, 1200},
        {"Sea Salt", "Spices", 1, 2990, 1200}}},
      {"Frozen",
       {"Ice Cream", "Frozen Meals"},
       {"Polar Crème", "Gelateria Dolce", "Mrazík", "Frostway"},
       {{"Vanilla Ice Cream", "Ice Cream", 0, 11990, 1200},
        {"Crème Brûlée Ice Cream", "Ice Cream", 0, 14990, 1200},
        {"Lemon Sorbet", "Ice Cream", 0, 9990, 1200},
        {"Pizza Margherita", "Frozen Meals", 2, 8990, 1200},
        {"Pierogi", "Frozen Meals", 1, 8990, 1200},
        {"Fish Fingers", "Frozen Meals", 1, 10990, 1200}}},
      {"Fruit & Vegetables",
       {"Fruit", "Vegetables"},
       {"Zahrada Morava", "Sunfield", "Huerta del Sol", "Green Valley"},
       {{"Bananas", "Fruit", 1, 2490, 1200},
        {"Gala Apples", "Fruit", 1, 2290, 1200},
        {"Clementines", "Fruit", 1, 2990, 1200},
        {"Cherry Tomatoes", "Vegetables", 1, 3490, 1200},
        {"Potatoes", "Vegetables", 1, 1290, 1200},
        {"Carrots", "Vegetables", 1, 1190, 1200}}},
      {"Household",
       {"Cleaning", "Paper Goods"},
       {"Clarissa", "Bílá Hvězda", "Homely", "Sparkle & Co."},
       {{"Dish Soap", "Cleaning", 0, 5990, 2100},
        {"Laundry Gel", "Cleaning", 0, 14990, 2100},
        {"Glass Cleaner", "Cleaning", 0, 6990, 2100},
        {"Toilet Paper", "Paper Goods", 2, 3990, 2100},
        {"Kitchen Towels", "Paper Goods", 2, 3490, 2100},
        {"Paper Napkins", "Paper Goods", 2, 2490, 2100}}},
      {"Personal Care",
       {"Hair Care", "Oral Care", "Body Care"},
       {"Élan", "Fjällmark", "Dr. Novák", "Pure Leaf"},
       {{"Shampoo", "Hair Care", 0, 12990, 2100},
        {"Conditioner", "Hair Care", 0, 13990, 2100},
        {"Toothpaste", "Oral Care", 1, 7990, 2100},
        {"Mouthwash", "Oral Care", 0, 9990, 2100},
        {"Hand Cream", "Body Care", 1, 14990, 2100},
        {"Shower Gel", "Body Care", 0, 8990, 2100},
        {"Savon de Marseille", "Body Care", 2, 4990, 2100}}},
  };
  return kDepartments;
}

struct Size {
  int group;
  const char* label;
  int factor;  // percent of the base price
};
inline const std::vector<Size> kSizes = {
    {0, "250 ml", 40}, {0, "330 ml", 50}, {0, "500 ml", 70}, {0, "750 ml", 95}, {0, "1 l", 100},
    {0, "1.5 l", 135}, {0, "2 l", 170},   {1, "100 g", 35},  {1, "150 g", 45},  {1, "250 g", 70},
    {1, "400 g", 100}, {1, "500 g", 115}, {1, "1 kg", 200},  {2, "1 pc", 100},  {2, "2 pcs", 190},
    {2, "4 pcs", 360}, {2, "6 pcs", 520}, {2, "10 pcs", 850}};

inline const std::vector<const char*> kVariants = {
    "",       "",       "Classic",     "Organic", "Premium",     "Bio",    "Light",
    "Extra",  "Fresh",  "Traditional", "Gourmet", "Family Pack", "Mild",   "Intense",
    "Délice", "Select", "Homestyle",   "Zero",    "Local",       "Spécial"};

struct BranchSeed {
  const char* code;
  const char* name;
  const char* address;
  const char* phone;
  const char* currency;
  int digits;
  const char* timezone;
};
inline const std::vector<BranchSeed> kBranches = {
    {"PRG", "Praha – Václavské náměstí", "Václavské náměstí 12, 110 00 Praha 1", "+420 224 000 111",
     "CZK", 2, "Europe/Prague"},
    {"BER", "Berlin – Prenzlauer Berg", "Kastanienallee 5, 10435 Berlin", "+49 30 1234 5678", "EUR",
     2, "Europe/Berlin"},
    {"LON", "London – Borough", "8 Southwark St, London SE1 1TL", "+44 20 7946 0000", "GBP", 2,
     "Europe/London"},
    {"NYC", "New York – Chelsea", "75 9th Ave, New York, NY 10011", "+1 212 555 0100", "USD", 2,
     "America/New_York"},
    {"TYO", "Tokyo – Shibuya", "2-24-12 Shibuya, Tokyo 150-0002", "+81 3 5555 0100", "JPY", 0,
     "Asia/Tokyo"},
    {"BRN", "Brno – Zelný trh", "Zelný trh 3, 602 00 Brno", "+420 542 000 222", "CZK", 2,
     "Europe/Prague"},
    {"VIE", "Wien – Naschmarkt", "Linke Wienzeile 4, 1060 Wien", "+43 1 555 0100", "EUR", 2,
     "Europe/Vienna"},
    {"BAH", "Manama – Seef", "Road 2825, Seef District, Manama", "+973 1700 0000", "BHD", 3,
     "Asia/Bahrain"}};

inline const std::vector<const char*> kFirstNames = {
    "Jana",  "Petr",  "Zoë", "José", "Łukasz", "Anežka",   "Jürgen", "Chloé", "Oliver", "Amélie",
    "Tomáš", "Søren", "Mia", "Noah", "Eliška", "François", "Inès",   "Kenji", "Yuki",   "Fatima"};
inline const std::vector<const char*> kLastNames = {
    "Novák",   "Dvořák",   "Müller", "Schmidt", "García", "Dubois", "Nowak",
    "Svoboda", "Smith",    "Tanaka", "Rossi",   "Jensen", "Černá",  "Brown",
    "Lefèvre", "Kowalski", "Horák",  "Fischer", "Martin", "Sato"};

}  // namespace regal::tools::seed_words
