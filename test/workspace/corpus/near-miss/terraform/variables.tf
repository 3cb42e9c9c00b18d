variable "db_password" {
  type      = string
  sensitive = true
}
resource "aws_db_instance" "orders" {
  password = var.db_password
  username = "orders"
}
